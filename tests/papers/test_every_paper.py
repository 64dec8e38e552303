"""Every paper the app prints, rendered on a filled election and read back with poppler: every font embedded,
no last page that holds only signatures, "DỰ THẢO" on a paper until it is final and never after.

PAPERS is the list of every PDF the app produces (grep `application/pdf` and the papers registry): a new
paper must be added here, and test_the_list_names_every_pdf_route fails until it is."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import Flask

from app.auth.models import Duty
from app.elections.models import Position
from app.plan.services import create_plan
from app.printing import services as printing
from app.results import recognition
from tests.dashboard.builders import WardKit, finish, ward_of
from tests.factories import create_app_user, login
from tests.pdftools import pdf_fonts, pdf_text

PDF = "application/pdf"


@dataclass(frozen=True)
class Paper:
    name: str
    url: Callable[[dict], str]  #: the URL from the world's ids
    draft: str = "never"  #: "DỰ THẢO": "never", "until_final" (while the world is not final), "always" (a sample)
    method: str = "GET"


#: Every PDF paper, and when it says "DỰ THẢO".
PAPERS = (
    Paper("phiếu bầu (đợt in chính thức)", lambda w: f"/ballots/runs/{w['run']}.pdf"),
    Paper("phiếu bầu cả tổ", lambda w: f"/ballots/tdp/{w['tdp']}/ballots.pdf"),
    Paper("phiếu bầu cả tổ, A4 hai phiếu", lambda w: f"/ballots/tdp/{w['tdp']}/ballots.pdf?two_up=1"),
    Paper("phiếu bầu thử", lambda w: f"/ballots/runs/{w['test_run']}.pdf"),
    Paper("tập dượt kiểm phiếu", lambda w: f"/ballots/runs/{w['test_run']}/rehearsal.pdf"),
    Paper("danh sách cử tri niêm yết", lambda w: f"/tdp/{w['tdp']}/roll.pdf"),
    Paper("danh sách ký tên", lambda w: f"/tdp/{w['tdp']}/roll.pdf?round={w['round']}"),
    Paper("giấy mời", lambda w: f"/rounds/{w['round']}/invitations.pdf"),
    Paper("danh sách người ứng cử", lambda w: f"/candidates/contests/{w['leader']}/list.pdf"),
    Paper("kế hoạch, theo công việc", lambda w: "/plan/print.pdf"),
    Paper("kế hoạch, theo tổ", lambda w: "/plan/print.pdf?group=tdp"),
    Paper("dự toán kinh phí", lambda w: "/reports/budget.pdf"),
    Paper("biên bản kiểm tra hòm phiếu", lambda w: f"/minutes/contest/{w['leader']}/zero-report.pdf"),
    Paper("biên bản kiểm phiếu", lambda w: f"/minutes/contest/{w['leader']}/counting.pdf"),
    Paper("biên bản hội nghị", lambda w: f"/minutes/round/{w['round']}/meeting.pdf", draft="until_final"),
    Paper("quyết định công nhận", lambda w: f"/results/tdp/{w['tdp']}/recognition.pdf", draft="until_final"),
    Paper("báo cáo kết quả toàn phường", lambda w: "/reports/results.pdf", draft="until_final"),
    Paper("mẫu quyết định (cài đặt văn bản)", lambda w: "/papers/preview?kind=recognition&format=pdf", draft="always"),
    Paper("mẫu báo cáo (cài đặt văn bản)", lambda w: "/papers/preview?kind=ward_report&format=pdf", draft="always"),
    Paper("phiếu đăng nhập", lambda w: f"/accounts/slips/{w['tdp']}", method="POST"),
)

#: Words that open a signature block; a last page must hold body lines before the first of them.
SIGNATURE = re.compile(r"^(TM\.|KT\.|NGƯỜI LẬP|NGƯỜI LẬP BIỂU|KẾ TOÁN|CHỦ TỊCH|CHỦ TRÌ|TỔ TRƯỞNG|THƯ KÝ|TRƯỞNG BAN|"
                       r"CÁC THÀNH VIÊN|NGƯỜI CHỨNG KIẾN|Nơi nhận)")
#: Lines that are no body: the footer and the page number.
FOOTER = re.compile(r"^(Trang \d+/\d+|Bản số \d+/\d+)$")


def fonts_not_embedded(pdf: bytes) -> list[str]:
    """Every font pdffonts lists with "no" in its "emb" column (columns cut where the dashes are)."""
    lines = pdf_fonts(pdf).splitlines()
    dashes = next(i for i, line in enumerate(lines) if line.startswith("---"))
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[dashes])]
    header = [lines[dashes - 1][a:b].strip() for a, b in spans]
    emb = spans[header.index("emb")]
    return [line for line in lines[dashes + 1:] if line.strip() and line[emb[0]:emb[1] + 1].strip() != "yes"]


def orphan_signature_page(pdf: bytes) -> str | None:
    """The last page's text when it holds a signature block and fewer than two body lines before it."""
    pages = [p for p in pdf_text(pdf).split("\f") if p.strip()]
    lines = [line.strip() for line in pages[-1].splitlines() if line.strip() and not FOOTER.match(line.strip())]
    first = next((i for i, line in enumerate(lines) if SIGNATURE.match(line)), None)
    if first is None or first >= 2:
        return None
    return pages[-1]


def fill(session, *, final: bool) -> dict:
    """One TDP of 12 households: the leader counted and locked (7 of 10 for the first name), a test run, the
    plan; when `final`, the deputy counted and locked too and the recognition recorded."""
    kit: WardKit = ward_of(1, households=12)
    leader, deputy = kit.contest(1), kit.contest(1, Position.DEPUTY)
    finish(leader, 10, (7, 3))
    if final:
        finish(deputy, 10, (6, 4), signed_in=True)
    test_run = printing.create_run(None, leader, 12, test=True)
    admin = create_app_user(kit.ward, Duty.WARD_ADMIN)
    create_app_user(kit.ward, Duty.ELECTION_TEAM, [kit.tdps[1]], username="to.bau.cu")
    create_plan(admin, kit.election)
    if final:
        case = recognition.case_for(kit.election, kit.tdps[1], 5)
        recognition.record_recognition(admin, case, date(2017, 10, 18), "12", date(2017, 10, 20))
    session.commit()
    runs = printing.active_runs(leader, test=False)
    return {"admin": admin, "tdp": kit.tdps[1].id, "round": kit.rounds[1].id, "leader": leader.id,
            "deputy": deputy.id, "run": runs[0].id, "test_run": test_run.id}


#: English words that must not appear in a file name a ward keeps (D21), and developer strings.
ENGLISH = re.compile(r"leader|deputy|recognition|ward_report|report|ballot|roll|minutes|party_cell|_")


def render_all(client, world: dict) -> dict[str, bytes | str]:
    login(client, world["admin"])
    out = {}
    for paper in PAPERS:
        url = paper.url(world)
        if paper.method == "POST":
            users = [u.id for u in _slip_users(world)]
            response = client.post(url, data={"users": users, "confirm": "y"})
        else:
            response = client.get(url)
        out[paper.name] = response.data if response.status_code == 200 and response.mimetype == PDF \
            else f"{url} answered {response.status_code} {response.mimetype}"
        names = re.findall(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", response.headers.get("Content-Disposition", ""))
        out[paper.name + " (tên tệp)"] = names[-1] if names else ""

    return out


def _slip_users(world):
    from sqlalchemy import select

    from app.auth.models import User
    from app.extensions import db

    return db.session.scalars(select(User).where(User.username == "to.bau.cu")).all()


def _problems(papers: dict[str, bytes | str], *, final: bool) -> list[str]:
    problems = []
    files = {paper.name: papers[paper.name + " (tên tệp)"] for paper in PAPERS}
    for name, file_name in files.items():
        if not file_name.endswith(".pdf") or ENGLISH.search(file_name):
            problems.append(f"{name}: file name {file_name!r} is not Vietnamese")
    if len(set(files.values())) != len(files):
        problems.append(f"two papers download under one file name: {sorted(files.values())}")
    for paper in PAPERS:
        pdf = papers[paper.name]
        if isinstance(pdf, str):
            problems.append(f"{paper.name}: {pdf}")
            continue
        for line in fonts_not_embedded(pdf):
            problems.append(f"{paper.name}: font not embedded: {line}")
        orphan = orphan_signature_page(pdf)
        if orphan is not None:
            problems.append(f"{paper.name}: the last page holds only signatures: {orphan[:200]!r}")
        draft = "DỰ THẢO" in " ".join(pdf_text(pdf, raw=True).split())
        wanted = paper.draft == "always" or (paper.draft == "until_final" and not final)
        if wanted and not draft:
            problems.append(f"{paper.name}: no DỰ THẢO on a draft")
        if draft and not wanted:
            problems.append(f"{paper.name}: DỰ THẢO on a final paper")
    return problems


def test_every_paper_embeds_its_fonts_has_no_orphan_signature_page_and_is_marked_draft_before_the_end(
        client, session):
    papers = render_all(client, fill(session, final=False))
    problems = _problems(papers, final=False)
    assert problems == [], "\n".join(problems)


def test_every_paper_of_a_finished_election_is_final_without_draft_marks(client, session):
    papers = render_all(client, fill(session, final=True))
    problems = _problems(papers, final=True)
    assert problems == [], "\n".join(problems)
    decision = pdf_text(papers["quyết định công nhận"])
    assert "Bầu cử Tổ dân phố" not in decision and "Trang 1/1" not in decision  # D32: no software footer


def test_a_draft_decision_says_so_in_its_footer(client, session):
    papers = render_all(client, fill(session, final=False))
    assert "Dự thảo – lập ngày" in pdf_text(papers["quyết định công nhận"])


def test_the_list_names_every_pdf_route(app: Flask):
    """A route whose name ends in .pdf, or a producer the views send as PDF, must be in PAPERS."""
    listed = {re.sub(r"\d+", "<id>", p.url(dict.fromkeys(
        ("tdp", "round", "leader", "deputy", "run", "test_run"), 1))).split("?")[0] for p in PAPERS}
    routes = {re.sub(r"<[^>]+>", "<id>", rule.rule) for rule in app.url_map.iter_rules() if rule.rule.endswith(".pdf")}
    routes |= {"/papers/preview", "/accounts/slips/<id>"}
    listed |= {re.sub(r"\d+", "<id>", url).split("?")[0] for url in ROUND_PAPERS.values()}
    assert routes <= listed, routes - listed


def test_the_helpers_can_fail():
    """The checks themselves: a signature-only page and a missing font are caught."""
    from tests.papers.pdfsamples import orphan_pdf, unembedded_pdf

    assert orphan_signature_page(orphan_pdf()) is not None
    assert fonts_not_embedded(unembedded_pdf())


def test_the_candidate_list_is_issued_and_signed_by_the_same_body(client, session):
    """D15: the list was headed "UBND PHƯỜNG … / TỔ DÂN PHỐ SỐ 5" but signed "TM. BAN CÔNG TÁC MẶT TRẬN"."""
    world = fill(session, final=False)
    login(client, world["admin"])
    text = " ".join(pdf_text(client.get(f"/candidates/contests/{world['leader']}/list.pdf").data).split())
    head, _, foot = text.partition("DANH SÁCH NGƯỜI ỨNG CỬ")
    assert "BAN CÔNG TÁC MẶT TRẬN" in head and "UBND" not in head
    assert "TM. BAN CÔNG TÁC MẶT TRẬN" in foot and "TRƯỞNG BAN" in foot


#: Papers of a household ballot round and of a comparison audit: each needs a world of its own.
ROUND_PAPERS = {
    "biên bản kiểm tra đối chiếu": "/comparison/contest/1/report.pdf",
    "phiếu dán xấp": "/comparison/contest/1/slip.pdf?stack=1",
    "danh sách phát và thu phiếu": "/household/round/1/team.pdf?team=1",
    "biên bản lấy ý kiến hộ gia đình": "/household/round/1/minutes.pdf",
}


def test_household_round_and_audit_papers_embed_fonts_and_keep_signatures_with_the_body(client, session):
    from app.comparison import services as audit
    from tests.comparison.builders import counted
    from tests.household.builders import failed_meeting
    from tests.household.test_pages import _flow

    counted_kit = counted(households=60, votes_a=40, votes_b=15)
    found = audit.publish(None, counted_kit.leader)
    audit.draw_papers(None, found, "16253461524365142362", ["Phạm Văn Chứng", "Đỗ Thị Kiến"])
    household_kit = failed_meeting(households=40, present=12)
    admin = create_app_user(household_kit.ward, Duty.WARD_ADMIN)
    counting_admin = create_app_user(counted_kit.ward, Duty.WARD_ADMIN, username="admin.doi.chieu")
    session.commit()
    login(client, admin)
    base = _flow(client, household_kit)
    for team in (1, 2):
        client.post(base + "/close-team", data={"closing_team": team, "delivered": 19, "returned": 17, "unused": 1,
                                                "spoiled": 0, "seal_end": f"NP-0{team}"})
    assert client.post(base + "/close").status_code == 302
    problems, names = [], set()
    for name, url in ROUND_PAPERS.items():
        client.post("/logout")
        if url.startswith("/comparison"):
            login(client, counting_admin)
            url = url.replace("/contest/1/", f"/contest/{counted_kit.leader.id}/")
        else:
            login(client, admin)
            url = url.replace("/round/1/", f"/round/{household_kit.round.id}/")
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != PDF:
            problems.append(f"{name}: {url} answered {response.status_code} {response.mimetype}")
            continue
        file_name = re.findall(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", response.headers.get("Content-Disposition", ""))
        if not file_name or ENGLISH.search(file_name[-1]):
            problems.append(f"{name}: file name {file_name!r} is not Vietnamese")
        names.add(file_name[-1] if file_name else "")
        problems += [f"{name}: font not embedded: {line}" for line in fonts_not_embedded(response.data)]
        if orphan_signature_page(response.data) is not None:
            problems.append(f"{name}: the last page holds only signatures")
    assert problems == [], "\n".join(problems)
    assert len(names) == len(ROUND_PAPERS), names
