"""The emulator's shared services: what several resources do alike, written once.

- :mod:`~root.emulator.services.scoring`: deterministic scores and the runs that give them (one
  evaluator, a judge's evaluators, a calibration's rows); evaluator runs, judge runs, calibration runs
  and batch executions all score through it.
- :mod:`~root.emulator.services.verdicts`: the scores a test sets for responses that match a pattern.
- :mod:`~root.emulator.services.versions`: an object (or one of its versions) as runs read it.
- :mod:`~root.emulator.services.logs`: the execution log every run writes.
- :mod:`~root.emulator.services.jobs`: the pace of a background job (calibration runs, batch executions).

A service never imports a resource module (resources import services): what it needs of a resource it
finds through the engine (``engine.resources[key]``) or is given by the caller.
"""
