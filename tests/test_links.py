"""Every link, image, stylesheet and in-page anchor in the built site resolves, and nothing
is fetched from another origin."""

from __future__ import annotations

from urllib.parse import unquote

from sitecheck import internal_references, split_fragment


def ids_of(site, url):
    soup = site.page(url) if url.endswith("/") or url == "" else None
    if soup is None and url.endswith(".html"):
        soup = site.page(url)
    return {tag["id"] for tag in soup.find_all(id=True)} if soup else set()


def test_every_internal_reference_resolves(site):
    broken = []
    checked = 0
    for path in site.html_files():
        url = site.url_of(path)
        for value, target in internal_references(site.page(url), url):
            address, fragment = split_fragment(target)
            address = unquote(address)
            checked += 1
            if not site.exists(address):
                broken.append(f"/{url}: {value} -> /{address} does not exist")
            elif fragment and fragment not in ids_of(site, address):
                broken.append(f"/{url}: {value} -> no element with id '{fragment}'")
    assert checked > 500
    assert not broken, "\n".join(broken)


def test_no_request_leaves_the_site(site):
    offenders = []
    for path in site.html_files():
        soup = site.page(site.url_of(path))
        for tag in soup.find_all(["link", "img", "script", "iframe", "source", "video", "audio"]):
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            value = tag.get("src") or tag.get("href")
            if value and value.startswith(("http:", "https:", "//")):
                offenders.append(f"{path}: {tag.name} {value}")
    assert not offenders, "\n".join(offenders)


def test_no_inline_scripts_styles_or_handlers(site):
    offenders = []
    for path in site.html_files():
        soup = site.page(site.url_of(path))
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue  # data, not code: CSP does not run it
            if not script.get("src"):
                offenders.append(f"{path}: inline <script>: {script.get_text()[:60]}")
            elif not site.exists(script["src"].replace("../", "")):
                offenders.append(f"{path}: <script src={script['src']}> is not one of our files")
        offenders += [f"{path}: <style>" for _ in soup.find_all("style")]
        for tag in soup.find_all(True):
            for attribute in tag.attrs:
                if attribute == "style" or attribute.startswith("on"):
                    offenders.append(f"{path}: <{tag.name} {attribute}=...>")
    assert not offenders, "\n".join(offenders)


def test_published_site_names_no_build_machine_or_preview_address(published_site):
    text = published_site.all_text()
    assert "127.0.0.1" not in text
    assert "localhost" not in text
    assert str(published_site.root) not in text
