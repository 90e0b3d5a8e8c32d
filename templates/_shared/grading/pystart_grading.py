"""pytest plugin of the grading: marks exercise tests in the JUnit report.

A test marked ``@pytest.mark.stretch`` is an exercise; the report records it as the testcase
property ``pystart_exercise``, so points for exercises and for the base tests can be told
apart. Load it with ``-p pystart_grading`` (this folder on ``PYTHONPATH``) and
``-o junit_family=xunit1`` (the report format that keeps testcase properties).
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("stretch") is not None:
            item.user_properties.append(("pystart_exercise", "1"))
