"""Telegram adapter (python-telegram-bot v22): private-chat logging, a guided form,
linking with one-time codes, and delivery of the scheduler's messages.

`runner.start_telegram` is what `keyworker run` calls; `app.build_application`
wires the handlers; nothing here knows about SEND beyond rendering a Reply.
"""
