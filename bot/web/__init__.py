"""The web pages for the people who manage SEND provision (issue 17): an adapter, like Slack.

Server-rendered Starlette + Jinja2 pages, mounted at /web on the HTTP front
(`bot.web.serve.mount_web`). They sign people in with one-time links
(storage.web_auth), check roles with handlers.access, and read and write
through handlers/ and storage/, auditing every read and write with platform
"web". No JavaScript build step: htmx is vendored for the few live parts,
and every page works without it.
"""
