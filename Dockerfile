# Keyworker in a container: one process runs Slack, Telegram and the scheduler.
# Build: docker build -t keyworker .   Run: see docs/deploy.md
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN useradd --system --home /app keyworker
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY schedules ./schedules
RUN pip install .
USER keyworker
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\",\"3000\")}/healthz')" || exit 1
# Migrations run at start; they are safe to run from several replicas at once
# only on PostgreSQL, where Alembic's DDL is transactional.
CMD ["sh", "-c", "keyworker init && exec keyworker run"]
