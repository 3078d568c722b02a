"""The allocation engine: Django-free modules that turn a problem into a plan.

Nothing in this package imports Django (a test holds it to that), so the engine can be
run, tested and benchmarked on its own (``python -m bench.allocation``). The Django side
(``campaign_problem``, ``services``, ``selectors``, ``tasks``, ``views``) sits one level up.
"""
