import pytest

from assistant.question import QuestionError, clean_question


def test_control_characters_are_removed_and_text_kept():
    assert clean_question("  Wat is de\x00 drempel?\x07\n", 100) == "Wat is de drempel?"


def test_newlines_and_tabs_inside_stay():
    assert clean_question("regel 1\nregel\t2", 100) == "regel 1\nregel\t2"


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x00", "\n\t "])
def test_empty_is_refused_in_dutch(raw):
    with pytest.raises(QuestionError, match="De vraag is leeg"):
        clean_question(raw, 100)


def test_too_long_names_the_limit():
    with pytest.raises(QuestionError, match="het maximum is 10 tekens"):
        clean_question("x" * 11, 10)
    assert clean_question("x" * 10, 10) == "x" * 10
