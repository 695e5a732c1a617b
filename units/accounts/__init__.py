"""Sign-in protection, password reset and API tokens of the people the units app owns."""
