# The Inkoopassistent web app as a container image.
# The install step is the same command the README gives for a local install
# (`bash scripts/bootstrap.sh`); tests/ops/test_dockerfile.py keeps the two in step.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Compilers for the portable llama.cpp build; postgresql-client for `inkoop backup` (pg_dump,
# version 15, matching the postgres:15 service in docker-compose.yml).
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential cmake postgresql-client \
    && rm -rf /var/lib/apt/lists/*

# Run as an unprivileged user; /data (index, uploads) and /models (GGUF handed to Ollama)
# are created here so named volumes inherit the ownership.
RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin inkoop \
    && mkdir -p /app /data /models \
    && chown inkoop:inkoop /app /data /models

WORKDIR /app
USER inkoop
COPY --chown=inkoop:inkoop . /app
RUN bash scripts/bootstrap.sh

ENV INKOOP_DATA_DIR=/data \
    INKOOP_LOG_JSON=true \
    OMP_WAIT_POLICY=PASSIVE \
    PATH=/app/.venv/bin:$PATH
EXPOSE 8000

HEALTHCHECK --interval=15s --timeout=5s --start-period=600s --retries=5 \
    CMD ["/app/.venv/bin/python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"]

CMD ["/app/.venv/bin/inkoop", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "2"]
