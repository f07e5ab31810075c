"""`keyworker run` as a real process, for the tests that kill it: started with an
environment of its own, waited for until /healthz answers, killed with SIGKILL.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

KEYWORKER = Path(sys.executable).with_name("keyworker")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class KeyworkerProcess:
    @classmethod
    def slack_http(
        cls, database_url: str, slack_api_url: str, secret: str, folder: Path, **extra: str
    ) -> KeyworkerProcess:
        """`keyworker run` in Slack's HTTP mode against a fake Slack, on a free loopback
        port, with no scheduler and no web pages (`extra`: more settings)."""
        env = {
            "DATABASE_URL": database_url,
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_SIGNING_SECRET": secret,
            "SLACK_API_URL": slack_api_url,
            "PORT": str(free_port()),
            "HTTP_LISTEN": "127.0.0.1",
            "DATA_DIR": str(folder / "data"),
            "SCHEDULER_ENABLED": "false",
            "WEB_ENABLED": "false",
            **extra,
        }
        return cls(env, folder / "keyworker.log")

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = {**os.environ, **env}
        self.port = int(env["PORT"])
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> KeyworkerProcess:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [str(KEYWORKER), "run"], env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"keyworker run exited:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"keyworker run never answered /healthz:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown code runs, as when the machine loses power."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]
