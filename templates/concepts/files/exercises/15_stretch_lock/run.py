"""Exercise 15 (stretch): make the deposits safe with a lock.

Each line prints "label: value". Predict the values in prediction.txt first,
then write Account.deposit in account.py (if your copy asks you to).
"""

import threading
import time

from account import Account, UnsafeAccount

THREADS = 4


def deposit_in_threads(account, rounds, after_each=None):
    def work():
        for _ in range(rounds):
            account.deposit(1)
            if after_each is not None:
                after_each()

    workers = [threading.Thread(target=work) for _ in range(THREADS)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return account.balance


# Forced: every thread reads the balance, then all meet at the barrier before writing.
read_done = threading.Barrier(THREADS, timeout=30)
write_done = threading.Barrier(THREADS, timeout=30)
unsafe = UnsafeAccount(pause=read_done.wait)
print("UnsafeAccount, 4 threads x 25 deposits of 1, all paused between read and write:",
      deposit_in_threads(unsafe, 25, after_each=write_done.wait))

# A barrier would wait forever behind a lock, so here every deposit only invites a
# thread switch between its read and its write.
Account(pause=None).deposit(0)  # fails at once if deposit() is not written yet
safe = Account(pause=lambda: time.sleep(0))
print("Account, 4 threads x 200 deposits of 1, a thread switch invited inside each:",
      deposit_in_threads(safe, 200))
