from aitasker_desktop.domain.checklist import DEFAULT_CHECKLIST, covers, evaluate


def test_default_list_when_the_type_has_none() -> None:
    items = evaluate((), "")
    assert [i.label for i in items] == list(DEFAULT_CHECKLIST)
    assert not any(i.covered for i in items)


def test_points_tick_as_the_text_covers_them() -> None:
    text = (
        "A blog post for small bakery owners. Deliver 800 words as a Word document. "
        "Friendly tone. It must mention our loyalty card. Similar to the attached example. "
        "Don't use jargon."
    )
    covered = {i.label: i.covered for i in evaluate(DEFAULT_CHECKLIST, text)}
    assert all(covered.values()), covered


def test_only_what_is_said_ticks() -> None:
    covered = {i.label: i.covered for i in evaluate(None, "Friendly tone, please.")}
    assert covered["Tone"]
    assert not covered["Audience"]
    assert not covered["Do's and don'ts"]


def test_stems_start_words() -> None:
    assert not covers("Do's and don'ts", "A piano lesson plan")
    assert covers("Do's and don'ts", "Please use no stock photos")
    assert covers("Do's and don'ts", "Don\u2019t use stock photos")  # curly apostrophe


def test_unknown_label_falls_back_to_its_words() -> None:
    assert covers("Shipping timeline", "The timeline is two weeks")
    assert not covers("Shipping timeline", "Nothing relevant")
    assert evaluate(("Shipping timeline",), "")[0].hint
