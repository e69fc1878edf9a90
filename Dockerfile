# The production image: gunicorn + whitenoise, no emulator, no test tools.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000

WORKDIR /app
RUN useradd --system --create-home --uid 10001 console

COPY pyproject.toml README.md ./
COPY console ./console
COPY pools ./pools
COPY users ./users
COPY templates ./templates
COPY static ./static
COPY manage.py ./
# The base install only: the `emulator` and `test` extras stay out of the image.
# collectstatic loads the production settings, which refuse a weak SECRET_KEY: it gets
# a throw-away random one (the running container's comes from the environment).
RUN pip install . \
 && SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --noinput

# The console's own files (checked imports, exports) when CONSOLE_STORAGE is the
# default folder: owned by the console user, readable by no one else. Mount a volume
# shared by every replica and worker here, or use CONSOLE_STORAGE=s3 (docs/deploy.md).
RUN install -d -o console -m 0700 /app/var /app/var/files
USER console
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"8000\")}/healthz', timeout=4)"
# The web process. The worker is a second process from this image, with the command
# `python manage.py worker` and the HEALTHCHECK off (docs/deploy.md, "The image").
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py createcachetable && exec gunicorn console.wsgi:application --bind 0.0.0.0:${PORT} --workers ${WEB_CONCURRENCY:-3} --timeout 120 --access-logfile -"]
