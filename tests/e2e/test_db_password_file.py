"""--db-password-file: the MariaDB password comes from a file, so that it is on no command line
(`ps`, /proc/PID/cmdline), in no environment and in no log; every misuse stops the start with
one line and status 2."""
import os
import secrets
import subprocess
import tempfile
import unittest
import urllib.parse

import harness

timeout_exit_s = 60  # bounded wait for a process that must refuse to start


def setUpModule():
    harness.require_environment()


def split_url(url):
    """(the URL without its password, the decoded password)."""
    parsed = urllib.parse.urlsplit(url)
    without = f"mariadb://{parsed.username}@{parsed.hostname}:{parsed.port}{parsed.path}"
    return without, urllib.parse.unquote(parsed.password)


class PasswordFileTest(unittest.TestCase):
    def password_file(self, contents):
        """A file of the test's own holding `contents`, mode 0600."""
        scratch = tempfile.TemporaryDirectory(prefix="transfers-e2e-")
        self.addCleanup(scratch.cleanup)
        path = os.path.join(scratch.name, "db-password")
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(contents)
        return path

    def start(self, args, env=None):
        port = harness.free_port()
        service = harness.Service(port=port, args=["serve", "--listen", f"127.0.0.1:{port}"] + args, env=env)
        service.start()
        self.addCleanup(service.stop)
        return service

    def assertServes(self, service):
        source, destination = harness.new_ids(2)
        service.open_account(source, "10")
        service.open_account(destination, "0")
        self.assertEqual(service.transfer(source, destination, "4").status, 201)
        self.assertEqual(service.balance(destination), 4)

    def run_refused(self, args, env=None):
        """Runs the binary expecting it to refuse to start; returns its one stderr line."""
        with tempfile.TemporaryDirectory() as scratch:  # a default database file would land here
            done = subprocess.run([harness.binary(), "serve", "--listen", f"127.0.0.1:{harness.free_port()}"]
                                  + args, capture_output=True, text=True, env=env, cwd=scratch,
                                  stdin=subprocess.DEVNULL, timeout=timeout_exit_s)
        where = f"{args}: stdout={done.stdout!r} stderr={done.stderr!r}"
        self.assertEqual(done.returncode, 2, where)
        self.assertEqual(len(done.stderr.splitlines()), 1, where)
        self.assertTrue(done.stderr.endswith("\n") and done.stderr.strip(), where)
        return done.stderr


class ServingWithAPasswordFile(PasswordFileTest):
    def test_the_test_databases_password_in_a_file_serves(self):
        url, password = split_url(harness.database_url())
        service = self.start(["--db", url, "--db-password-file", self.password_file(password + "\n")])
        self.assertServes(service)

    def test_the_password_is_on_no_command_line_in_no_environment_and_in_no_log(self):
        # The test database's password ("transfers") is also the user's and the database's name:
        # a user of the test's own with a password found nowhere else makes the check mean something.
        user, password = "pwfile_" + secrets.token_hex(6), "pw-" + secrets.token_hex(16)
        harness.sql(f"CREATE USER '{user}'@'127.0.0.1' IDENTIFIED BY '{password}'; "
                    f"GRANT ALL PRIVILEGES ON transfers.* TO '{user}'@'127.0.0.1'")
        self.addCleanup(harness.sql, f"DROP USER '{user}'@'127.0.0.1'")
        parsed = urllib.parse.urlsplit(harness.database_url())
        url = f"mariadb://{user}@{parsed.hostname}:{parsed.port}{parsed.path}"
        path = self.password_file(password + "\n")
        for how, args, env in [("flag", ["--db", url, "--db-password-file", path], None),
                               ("environment", ["--db", url], dict(os.environ, TRANSFERS_DB_PASSWORD_FILE=path))]:
            with self.subTest(how):
                service = self.start(args, env)
                self.assertServes(service)
                pid = service.process.pid
                with open(f"/proc/{pid}/cmdline", "rb") as file:
                    cmdline = file.read()
                with open(f"/proc/{pid}/environ", "rb") as file:
                    environ = file.read()
                ps = subprocess.run(["ps", "-ww", "-o", "args=", "-p", str(pid)], capture_output=True,
                                    text=True, timeout=10).stdout
                self.assertIn(url.encode(), cmdline, "the check reads the right process")
                self.assertIn(url, ps, "the check reads the right process")
                self.assertNotIn(password.encode(), cmdline)
                self.assertNotIn(password.encode(), environ)
                self.assertNotIn(password, ps)
                service.stop()
                self.assertNotIn(password, service.output_text())


class PasswordFileRefusals(PasswordFileTest):
    def test_a_url_with_a_password_and_a_file_is_refused(self):
        url, password = split_url(harness.database_url())
        secret = "pw-" + secrets.token_hex(8)
        path = self.password_file(secret)
        for with_password in [harness.database_url(), url.replace("@", ":@", 1)]:
            with self.subTest(db=with_password):
                line = self.run_refused(["--db", with_password, "--db-password-file", path])
                self.assertIn("carries a password and a password file gives one too", line)
                self.assertNotIn(secret, line)

    def test_an_unreadable_file_is_refused_naming_the_path(self):
        url, _ = split_url(harness.database_url())
        scratch = os.path.dirname(self.password_file("x"))
        for path in [os.path.join(scratch, "missing"), scratch]:
            with self.subTest(path=path):
                line = self.run_refused(["--db", url, "--db-password-file", path])
                self.assertIn(f"cannot read the password file {path}: ", line)

    def test_an_empty_file_is_refused(self):
        url, _ = split_url(harness.database_url())
        for contents in ["", "\n"]:
            with self.subTest(contents=contents):
                path = self.password_file(contents)
                self.assertIn(f"the password file {path} is empty",
                              self.run_refused(["--db", url, "--db-password-file", path]))

    def test_a_wrong_password_in_the_file_is_refused_without_showing_it(self):
        url, _ = split_url(harness.database_url())
        secret = "wrong-" + secrets.token_hex(8)
        line = self.run_refused(["--db", url, "--db-password-file", self.password_file(secret)])
        self.assertIn("Access denied", line)
        self.assertNotIn(secret, line)

    def test_the_flag_with_sqlite_is_refused(self):
        path = self.password_file("pw-" + secrets.token_hex(8))
        for args in [["--db", "sqlite:ledger.db", "--db-password-file", path], ["--db-password-file", path]]:
            with self.subTest(args=args):
                self.assertIn("--db-password-file needs a mariadb:// --db URL", self.run_refused(args))


if __name__ == "__main__":
    unittest.main()
