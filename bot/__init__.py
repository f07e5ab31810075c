"""Platform adapters (Slack, Telegram, console), settings, the CLI and wiring: no SEND logic."""
