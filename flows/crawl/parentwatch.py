"""End a worker process when the command that started it ends, however the command ended.

Extraction workers fork from a fork server, not from the command, and wait on a queue whose
write end they hold themselves: after a `kill -9` of the command nothing would wake them, and
while they live the fork server and its resource tracker live too. Each worker therefore
watches the command's process (a pidfd on Linux, a poll elsewhere) from a daemon thread and
exits as soon as it is gone; the fork server and the tracker then see their last client go.
"""

from __future__ import annotations

import os
import select
import threading
import time

ORPHANED_EXIT = 70  # EX_SOFTWARE: nothing is left to hand a result to
POLL_S = 1.0  # how often a worker without pidfds looks for its command


def watch_command(pid: int) -> None:
    """Start watching the command `pid` (a pool initializer: it runs in each worker)."""
    try:
        handle: int | None = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(ORPHANED_EXIT)  # the command is gone already
    except (AttributeError, OSError):  # not Linux, or a kernel before 5.3
        handle = None
    watcher = threading.Thread(target=_exit_after, args=(pid, handle), daemon=True)
    watcher.start()


def _exit_after(pid: int, handle: int | None) -> None:
    """Block until the command ends, then end this process at once."""
    if handle is not None:
        select.select([handle], [], [])  # a pidfd turns readable when its process exits
    else:
        while _alive(pid):
            time.sleep(POLL_S)
    os._exit(ORPHANED_EXIT)


def _alive(pid: int) -> bool:
    """Tell whether a process still exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
