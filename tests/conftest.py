import pytest

from pipeline.annotate import annotate


@pytest.fixture(scope="session")
def ann():
    """Annotate a text (cached per text)."""
    cache = {}

    def run(text):
        if text not in cache:
            cache[text] = annotate(text)
        return cache[text]

    return run
