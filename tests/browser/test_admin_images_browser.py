"""An editor adds two pictures to an article in headless Chromium: chooses the files (the drop box's
input: the script uploads them at once and adds their cards), writes an alt text, moves the second
picture up and makes it the lead, saves. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from PIL import Image as PILImage
from PIL import ImageDraw
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from articles.models import ArticleImage, Image
from tests.admin_support import make_archive
from tests.test_images import exif_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-42"


def photo(path: Path, size: tuple[int, int], sky: tuple[int, int, int], ground: tuple[int, int, int]) -> Path:
    """A picture that looks like one (sky, ground, a sun, a building), with GPS in its EXIF."""
    width, height = size
    picture = PILImage.new("RGB", size, sky)
    draw = ImageDraw.Draw(picture)
    for y in range(height // 2):
        shade = tuple(min(255, c + y * 60 // height) for c in sky)
        draw.line([(0, y), (width, y)], fill=shade)
    draw.rectangle([0, height * 2 // 3, width, height], fill=ground)
    draw.ellipse([width * 3 // 4, height // 10, width * 3 // 4 + height // 6, height // 10 + height // 6],
                 fill=(255, 220, 90))
    draw.rectangle([width // 5, height // 3, width * 2 // 5, height * 2 // 3], fill=(120, 110, 100))
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneCam"
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}
    picture.save(path, "JPEG", quality=90, exif=exif.tobytes())
    return path


def wait_for(browser, selector: str, timeout: int = 30):
    return WebDriverWait(browser, timeout).until(
        expected_conditions.presence_of_element_located((By.CSS_SELECTOR, selector))
    )


def test_an_editor_uploads_two_pictures_orders_them_and_picks_the_lead(
    browser, live_server, save_screenshot, browser_login, newsroom_groups, tmp_path, media_root
):
    user = User.objects.create_user("desk", "desk@example.com", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    article = make_archive(1, pages=1)[0]
    files = [photo(tmp_path / "江边.jpg", (1600, 1000), (90, 140, 200), (60, 120, 70)),
             photo(tmp_path / "夜市.jpg", (1200, 900), (30, 30, 80), (140, 90, 50))]

    browser_login("desk", PASSWORD)
    browser.get(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    drop = wait_for(browser, ".nr-image-drop")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", drop)
    save_screenshot("01-empty-drop-box")

    # Choosing files in the box's input is what a drop does: the script uploads them at once,
    # one by one; an SVG among them is refused with its reason, the others are kept (the script says so
    # in the page's language: English, as headless Chromium asks).
    svg = tmp_path / "logo.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    browser.find_element(By.CSS_SELECTOR, ".nr-image-drop input[type=file]").send_keys(
        "\n".join(str(path) for path in [files[0], svg, files[1]]))
    WebDriverWait(browser, 60).until(lambda b: len(b.find_elements(By.CSS_SELECTOR, ".nr-image-row.nr-image-new")) == 2
                                     and "2 uploaded" in b.find_element(By.CSS_SELECTOR, ".nr-image-messages").text)
    assert "SVG is refused" in browser.find_element(By.CSS_SELECTOR, ".nr-image-messages .nr-error").text
    WebDriverWait(browser, 30).until(lambda b: all(
        b.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", img)
        for img in b.find_elements(By.CSS_SELECTOR, ".nr-image-row img")))
    assert Image.objects.count() == 2 and not ArticleImage.objects.exists()  # placed when the form is saved
    rows = browser.find_elements(By.CSS_SELECTOR, ".nr-image-row")
    assert rows[0].find_element(By.CSS_SELECTOR, ".nr-image-lead").is_selected()  # the first leads by default
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", rows[1])
    save_screenshot("02-two-pictures-uploaded")

    rows[0].find_element(By.CSS_SELECTOR, ".nr-image-alt").send_keys("江边的清晨")
    rows[1].find_element(By.CSS_SELECTOR, ".nr-image-caption").send_keys("夜市里人头攒动。")
    rows[1].find_element(By.CSS_SELECTOR, "button[data-action=up]").click()  # the night market first
    rows = browser.find_elements(By.CSS_SELECTOR, ".nr-image-row")
    assert [row.find_element(By.CSS_SELECTOR, ".nr-image-order").get_attribute("value") for row in rows] == ["0", "1"]
    browser.execute_script("arguments[0].click()", rows[0].find_element(By.CSS_SELECTOR, ".nr-image-lead"))
    assert not rows[1].find_element(By.CSS_SELECTOR, ".nr-image-lead").is_selected()  # one lead at a time
    save_screenshot("03-reordered-new-lead")

    browser.find_element(By.CSS_SELECTOR, "input[name='_continue']").click()
    wait_for(browser, "ul.messagelist li.success")
    group = wait_for(browser, ".nr-images")
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", group)
    save_screenshot("04-saved")

    market, river = Image.objects.get(caption="夜市里人头攒动。"), Image.objects.get(alt_text="江边的清晨")
    assert list(ArticleImage.objects.filter(article=article).order_by("order")
                .values_list("image_id", "is_lead")) == [(market.pk, True), (river.pk, False)]
    assert market.uploaded_by == user
    assert exif_of(media_root / market.file.name) == {}  # the phone's GPS did not reach the stored file
    html = browser.page_source
    assert market.thumb_webp.url in html and river.thumb_jpeg.url in html

    # The library lists them with thumbnails; an image's form shows its preview and renditions.
    browser.get(f"{live_server.url}/admin/articles/image/")
    wait_for(browser, "#result_list")
    thumbs = browser.find_elements(By.CSS_SELECTOR, "#result_list picture.nr-thumb img")
    assert len(thumbs) == 2
    assert all(browser.execute_script("return arguments[0].naturalWidth", img) > 0 for img in thumbs)
    save_screenshot("05-image-library")
    browser.get(f"{live_server.url}/admin/articles/image/{market.pk}/change/")
    preview = wait_for(browser, ".nr-image-preview img")
    WebDriverWait(browser, 30).until(lambda b: b.execute_script("return arguments[0].naturalWidth", preview) > 0)
    assert "1200×900" in browser.find_element(By.CSS_SELECTOR, ".nr-renditions").text
    save_screenshot("06-image-form")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})",
                           browser.find_element(By.CSS_SELECTOR, ".nr-renditions"))
    save_screenshot("07-renditions")
