"""The one HTTP front: Slack's events, Telegram's webhook, Teams' messages, the web pages."""
