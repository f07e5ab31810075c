"""Slack adapter: Bolt listeners, Block Kit rendering, App Home, HTTP and Socket Mode.

Everything Slack-specific lives here; the product is reached only through
`handlers.service.handle`. Start it with `bot.slack.runner.start_slack`.
"""
