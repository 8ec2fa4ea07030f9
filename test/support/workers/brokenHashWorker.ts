// A worker entry that can never start: the pool must give up after a few attempts.
throw new Error("this hashing worker cannot start");
