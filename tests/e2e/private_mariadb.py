"""A MariaDB server of the calling test's own, for tests that freeze it (SIGSTOP) or stop it: the
shared server of scripts/test must keep serving the other tests. Started with the flags of
scripts/lib/private_servers.sh (full durability), on a free loopback port, in a temporary
directory; stop() ends it and removes the directory. Only the Python standard library is used.
"""
import os
import shutil
import signal
import subprocess
import tempfile
import time

import harness

timeout_start_s = 60


class PrivateMariaDb:
    def __init__(self):
        self.directory = tempfile.mkdtemp(prefix="transfers-stall-db.")
        self.port = harness.free_port()
        self.socket = os.path.join(self.directory, "mariadb.sock")
        self.process = None
        self.frozen = False

    def url(self):
        return f"mariadb://transfers:transfers@127.0.0.1:{self.port}/transfers"

    def start(self):
        data = os.path.join(self.directory, "data")
        user = subprocess.run(["id", "-un"], capture_output=True, text=True, check=True).stdout.strip()
        with open(os.path.join(self.directory, "install.log"), "w") as log:
            subprocess.run(["mariadb-install-db", "--no-defaults", f"--datadir={data}", f"--user={user}",
                            "--auth-root-authentication-method=normal", "--skip-test-db"],
                           stdout=log, stderr=subprocess.STDOUT, check=True, timeout=timeout_start_s)
        # The same durability as scripts/lib/private_servers.sh: a 201 must survive a crash.
        self.process = subprocess.Popen(
            ["mariadbd", "--no-defaults", f"--datadir={data}", f"--user={user}", "--bind-address=127.0.0.1",
             f"--port={self.port}", f"--socket={self.socket}",
             f"--pid-file={os.path.join(self.directory, 'mariadb.pid')}",
             f"--log-error={os.path.join(self.directory, 'error.log')}", "--skip-name-resolve",
             "--max-connections=1000", "--innodb-flush-log-at-trx-commit=1", "--innodb-doublewrite=1",
             "--innodb-buffer-pool-size=64M", "--skip-log-bin"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout_start_s
        while subprocess.run(["mariadb-admin", "--no-defaults", f"--socket={self.socket}", "-uroot", "ping"],
                             capture_output=True).returncode != 0:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError("the test's own mariadbd did not start")
            time.sleep(0.1)
        self.sql("CREATE DATABASE transfers; "
                 "CREATE USER 'transfers'@'127.0.0.1' IDENTIFIED BY 'transfers'; "
                 "GRANT ALL PRIVILEGES ON transfers.* TO 'transfers'@'127.0.0.1';", database=None)
        return self

    def freeze(self):
        """SIGSTOP: connections stay open and new ones are accepted by the kernel, but nothing answers."""
        self.process.send_signal(signal.SIGSTOP)
        self.frozen = True

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)
        self.frozen = False

    def sql(self, query, database="transfers"):
        """Runs `query` as root over the socket; the rows as lists of strings."""
        command = ["mariadb", "--no-defaults", f"--socket={self.socket}", "-uroot", "-N", "-B", "-e", query]
        if database:
            command.insert(-2, database)
        done = subprocess.run(command, capture_output=True, text=True, timeout=harness.timeout_sql_s)
        if done.returncode != 0:
            raise AssertionError(f"SQL failed ({done.returncode}): {query}\n{done.stderr}")
        return [line.split("\t") for line in done.stdout.splitlines()]

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            if self.frozen:
                self.thaw()
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout_start_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)
