"""The index build, above store/ and index/: discover -> process_document (read, clean, extract) -> write.

update.py brings an index up to date (lock, repairs, run); pipeline.py is one run; process.py
reads one file; workers.py the worker processes; lock.py, repair.py, progress.py the rest.
"""
