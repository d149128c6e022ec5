"""Jupyter's own restart and interrupt, through jupyter_client's
KernelManager, as JupyterLab's Restart and Stop buttons use them."""

import subprocess
import time
import unittest

from jupyter_client.manager import start_new_kernel


def workers():
    out = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    return sum(1 for line in out.splitlines() if line.endswith(" worker") and "gothreads" in line)


class RestartTests(unittest.TestCase):
    def test_restart_interrupt_shutdown(self):
        km, kc = start_new_kernel(kernel_name="gothreads", startup_timeout=30)
        try:
            reply = kc.execute_interactive("x := 1", timeout=15)
            self.assertEqual(reply["content"]["status"], "ok")

            old = km.provisioner.process.pid
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=30)
            self.assertNotEqual(old, km.provisioner.process.pid)
            reply = kc.execute_interactive("x", timeout=15)
            self.assertEqual(reply["content"]["status"], "error")
            self.assertIn("undefined: x", reply["content"]["evalue"])

            # The stop button: interrupt_request, as interrupt_mode says.
            msg_id = kc.execute("for {}")
            time.sleep(0.3)
            km.interrupt_kernel()
            reply = kc.get_shell_msg(timeout=15)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = kc.get_shell_msg(timeout=15)
            self.assertEqual(reply["content"]["ename"], "Interrupted")
            reply = kc.execute_interactive("40 + 2", timeout=15)
            self.assertEqual(reply["content"]["status"], "ok")
        finally:
            kc.stop_channels()
            km.shutdown_kernel()
        deadline = time.time() + 5
        while workers() and time.time() < deadline:
            time.sleep(0.1)
        self.assertEqual(workers(), 0, "worker processes outlived the kernel")


if __name__ == "__main__":
    unittest.main()
