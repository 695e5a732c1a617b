"""Settings for benchmark servers: the portal's, plus the floor views in bench/urls.py."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
