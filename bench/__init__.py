"""``make bench``: a repeatable benchmark of the Advocacy app at a large county's size.

Modules:

- ``bench.generate`` builds the datasets (full size and one tenth) through the app's models;
- ``bench.hello`` is the hello-world Flask app served beside the real one as a baseline;
- ``bench.inproc`` measures inside one Python process (queries per page, Word export,
  import, reminders, search);
- ``bench.run`` drives it all and writes ``bench/results/latest.json`` and ``latest.md``.
"""
