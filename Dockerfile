FROM python:3.12-slim-bookworm
# WeasyPrint needs Pango; fonts ship in the repository (static/fonts).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libffi8 \
 && rm -rf /var/lib/apt/lists/*
# The processes run as an unprivileged user that owns only the data directory.
RUN useradd --system --home-dir /var/lib/portal --create-home portal
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e .
COPY . .
ENV PORTAL_VAR_DIR=/var/lib/portal
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
 && chown -R portal:portal /var/lib/portal
USER portal
# Only the reverse proxy (docker-compose.yml) talks to gunicorn.
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "30"]
