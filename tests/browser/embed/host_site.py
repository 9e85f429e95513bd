"""The portal in the embed browser tests: another site, with its own strict CSP and htmx 2."""

from pathlib import Path

from flask import Flask, render_template, send_file

HERE = Path(__file__).resolve().parent
AXE = HERE.parents[2] / "reader" / "testing" / "vendor" / "axe.min.js"


def create_host(reader_origin: str) -> Flask:
    """The portal app; it lists the reader's origin in its CSP, as the README tells portals to."""
    host = Flask(
        "portal",
        static_folder=str(HERE / "host_static"),
        static_url_path="/static",
        template_folder=str(HERE / "host_templates"),
    )
    csp = (
        f"default-src 'none'; script-src 'self' {reader_origin}; "
        f"style-src 'self' {reader_origin}; connect-src 'self' {reader_origin}; "
        f"img-src 'self' {reader_origin}; font-src {reader_origin}; frame-src {reader_origin}; "
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )

    @host.after_request
    def strict_csp(response):
        response.headers["Content-Security-Policy"] = csp
        return response

    @host.get("/news/<int:number>")
    def news(number):
        return render_template("page.html", reader=reader_origin, title=f"Tin số {number}")

    @host.get("/framed/<slug>")
    def framed(slug):
        return render_template(
            "framed.html", reader=reader_origin, slug=slug, title="Bài viết nhúng"
        )

    @host.get("/fragment")
    def fragment():
        return '<p class="related-item">Tin mới từ htmx của cổng</p>'

    @host.get("/fragment/article")
    def article_fragment():
        return '<p class="late-paragraph">Đoạn văn được tải thêm vào bài.</p>'

    @host.get("/axe.min.js")
    def axe():  # served by the portal itself, so its CSP ('self') lets the test inject it
        return send_file(AXE, mimetype="text/javascript")

    return host
