"""The Opdrachtcheck in a real browser: form, free text and chat agree; checklist download."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

TEXT = "Schoonmaak van het stadskantoor voor € 120.000 per jaar, 4 jaar, gemeente"


def card_verdicts(scope) -> list[tuple[str, str, str]]:
    rows = scope.locator(".card .verdict")
    return [
        (
            rows.nth(i).get_attribute("data-topic"),
            rows.nth(i).get_attribute("data-status"),
            rows.nth(i).locator(".verdict-text").inner_text(),
        )
        for i in range(rows.count())
    ]


def fill_form(page: Page) -> None:
    page.fill("#bedrag", "120.000")
    page.check("input[name=basis][value=per_jaar]")
    page.fill("#looptijd", "4")
    page.select_option("#eenheid", "jaren")
    page.select_option("#soort", "dienst")
    page.select_option("#productgroep", "cleaning")
    page.select_option("#organisatie", "gemeente")


def test_form_free_text_and_chat_give_the_same_verdicts(page: Page, screenshots, tmp_path):
    page.goto("/opdrachtcheck")
    fill_form(page)
    page.click("text=Opdracht controleren")
    result = page.locator("#check-result")
    expect(result.locator(".card .verdict")).to_have_count(4)
    by_form = card_verdicts(result)
    expect(result.locator(".card-value")).to_contain_text("€ 480.000")
    page.screenshot(path=str(screenshots / "opdrachtcheck-form.png"), full_page=True)

    # checklist download from the form's card
    with page.expect_download() as info:
        result.locator("a", has_text="checklist (Markdown)").click()
    saved = tmp_path / "checklist.md"
    info.value.save_as(saved)
    checklist = saved.read_text(encoding="utf-8")
    assert checklist.startswith("# Checklist")
    assert "€ 480.000" in checklist

    # the same purchase described in words on the same page
    page.fill("#omschrijving", TEXT)
    page.click("text=Beschrijving controleren")
    expect(result.locator(".facts")).to_contain_text("48 maanden")
    assert card_verdicts(result) == by_form

    # and in the chat, where the card comes above the answer
    page.goto("/")
    page.fill("#question", TEXT)
    page.press("#question", "Enter")
    message = page.locator("#messages .message").last
    expect(message).to_have_attribute("data-status", "done", timeout=120_000)
    assert card_verdicts(message) == by_form
    card_box = message.locator(".card").bounding_box()
    explanation = message.locator("details.check-explanation")
    answer_box = explanation.bounding_box()
    assert card_box and answer_box and card_box["y"] < answer_box["y"]
    # The written explanation repeats the card, so it starts folded; one click shows it with
    # its cited passages.
    expect(message.locator(".answer-text")).to_be_hidden()
    explanation.locator("summary").click()
    expect(message.locator(".answer-text")).to_be_visible()
    expect(message.locator(".answer-text sup.cite a").first).to_be_visible()
    message.locator(".card").screenshot(path=str(screenshots / "verdict-card.png"))
    page.screenshot(path=str(screenshots / "chat-verdict-card.png"), full_page=True)

    with page.expect_download() as info:
        message.locator("a", has_text="checklist (CSV)").click()
    saved_csv = tmp_path / "checklist.csv"
    info.value.save_as(saved_csv)
    assert ";" in saved_csv.read_text(encoding="utf-8").splitlines()[0]


def test_form_errors_are_dutch_and_keep_input(page: Page):
    page.goto("/opdrachtcheck")
    fill_form(page)
    page.fill("#bedrag", "heel veel")
    page.click("text=Opdracht controleren")
    expect(page.locator("#check-form .field-error").first).to_contain_text("geen bedrag")
    expect(page.locator("#bedrag")).to_have_value("heel veel")
    expect(page.locator("#bedrag")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#productgroep")).to_have_value("cleaning")
    # fixing the field and sending again works without reloading
    page.fill("#bedrag", "120000")
    page.click("text=Opdracht controleren")
    expect(page.locator("#check-result .card .verdict")).to_have_count(4)


def test_chat_follow_up_changes_only_what_was_said(page: Page):
    page.goto("/")
    page.fill("#question", TEXT)
    page.press("#question", "Enter")
    first = page.locator("#messages .message").nth(0)
    expect(first).to_have_attribute("data-status", "done", timeout=120_000)
    expect(first.locator(".card-value")).to_contain_text("€ 480.000")
    page.fill("#question", "En als het 2 jaar duurt?")
    page.press("#question", "Enter")
    second = page.locator("#messages .message").nth(1)
    expect(second).to_have_attribute("data-status", "done", timeout=120_000)
    # amount and product group come from the stored context, the duration is new
    expect(second.locator(".card-value")).to_contain_text("€ 240.000")
    expect(second.locator(".card-context")).to_contain_text("Schoonmaakdiensten")
