"""Pages of the plan consultation («Planhøring»), on the plan blueprint.

Partners answer for their own organisation (another organisation's page is a 404);
viewers read every answer; staff manage the questions and the deadline, see who has
answered what, may answer on an organisation's behalf, and export the answers as Word.
"""

from __future__ import annotations

from collections import Counter

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import OperationalError

from advocacy import clock
from advocacy.auth.models import Role
from advocacy.auth.permissions import can, require
from advocacy.exports import content_disposition
from advocacy.extensions import db
from advocacy.forms import ConfirmForm, render_form
from advocacy.plan import consultation as service
from advocacy.plan import consultation_docx
from advocacy.plan.consultation import ConsultationQuestion, ConsultationRound, Sheet
from advocacy.plan.consultation_forms import QuestionForm, RoundForm, answers_form
from advocacy.plan.services import current_plan
from advocacy.plan.views import bp

BUSY = _l("Svarene ble ikke lagret fordi databasen var opptatt med en annen lagring. "
          "Ingenting er tapt: det du skrev, står i skjemaet. Trykk «Lagre svarene» igjen.")


def _round_or_404() -> ConsultationRound:
    round_ = service.current_round() or abort(404)
    if not can("view", round_):
        abort(404)
    return round_


@bp.route("/planhoring/", endpoint="consultation")
def index():
    round_ = service.current_round()
    if round_ is None or not can("view", round_):
        return render_template("consultation/none.html", round=round_)
    if current_user.role == Role.PARTNER:
        organisation = current_user.organisation
        if organisation is None or service.respondent(organisation.id) is None:
            return render_template("consultation/none.html", round=round_, no_organisation=True)
        return redirect(url_for(".consultation_answers", organisation_id=organisation.id))
    only_missing = request.args.get("mangler") == "1"  # i18n: not ui
    page = db.paginate(service.respondent_query(round_, only_missing),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    answered = service.answered_pairs(round_, [org.id for org in page.items])
    return render_template(
        "consultation/overview.html", round=round_, page=page, answered=answered,
        answered_count=Counter(org_id for org_id, _question in answered),
        counts=service.count_per_question(round_), totals=service.totals(round_),
        only_missing=only_missing)


@bp.route("/planhoring/svar/<int:organisation_id>", methods=["GET", "POST"],
          endpoint="consultation_answers")
def answers(organisation_id: int):
    round_ = _round_or_404()
    organisation = service.respondent(organisation_id) or abort(404)
    sheet = Sheet(round_, organisation)
    if not can("view", sheet):
        abort(404)
    questions = round_.questions
    stored = service.answers_of(round_, organisation.id)
    may_answer = can("answer", sheet)
    closed = round_.closed_message()
    if request.method == "GET":
        form = answers_form(questions, data={
            **{f"answer_{q.id}": stored[q.id].text for q in questions if q.id in stored},
            **{f"base_{q.id}": str(stored[q.id].version if q.id in stored else 0)
               for q in questions}})
        return _page(round_, organisation, form, stored, may_answer, closed)
    require("answer", sheet)
    form = answers_form(questions, formdata=request.form)
    if closed is not None:
        # Nothing is saved; what was typed stays on the page so it can be copied.
        return _page(round_, organisation, form, stored, may_answer, closed, status=409)
    if not form.validate():
        return _page(round_, organisation, form, stored, may_answer, closed, status=422)
    texts, bases = form.texts(questions), form.bases(questions)
    try:
        result = service.save_answers(round_, organisation, texts, bases, current_user)
        if not isinstance(result, service.Conflict):
            db.session.commit()
    except service.ConsultationClosed as error:  # the deadline passed while saving
        db.session.rollback()
        return _page(round_, organisation, form, stored, may_answer, str(error), status=409)
    except service.ConcurrentSave:
        db.session.rollback()
        result = service.conflict_now(round_, organisation, texts, bases)
    except OperationalError:
        db.session.rollback()
        current_app.logger.warning("saving consultation answers of %s failed", organisation_id,
                                   exc_info=True)
        form.form_errors.append(BUSY)
        response = _page(round_, organisation, form, stored, may_answer, closed, status=503)
        response.headers["Retry-After"] = "2"
        return response
    if isinstance(result, service.Conflict):
        db.session.rollback()
        stored = service.answers_of(round_, organisation.id)
        for question_id, theirs in result.theirs.items():
            form[f"base_{question_id}"].data = str(theirs.version if theirs else 0)
        return _page(round_, organisation, form, stored, may_answer, closed,
                     conflict=result, status=409)
    flash(_("Svarene er lagret.") if result else _("Ingen endringer å lagre."), "success")
    return redirect(url_for(".consultation_answers", organisation_id=organisation.id))


def _page(round_, organisation, form, stored, may_answer, closed, conflict=None, status=200):
    page = render_template("consultation/answers.html", round=round_, organisation=organisation,
                           form=form, stored=stored, may_answer=may_answer and closed is None,
                           closed=closed, conflict=conflict,
                           fields=form.question_fields(round_.questions))
    return current_app.make_response((page, status))


@bp.route("/planhoring/innstillinger", methods=["GET", "POST"], endpoint="consultation_settings")
def settings():
    plan = current_plan() or abort(404)
    round_ = service.current_round()
    require("edit", round_)
    form = RoundForm(obj=round_)
    if request.method == "GET":
        if round_ is not None:
            local = round_.deadline_at.astimezone(clock.OSLO)
            form.deadline_on.data, form.deadline_time.data = local.date(), local.time()
        else:
            form.title.data = _("Høring av %(plan)s", plan=plan.short_name or plan.name)
    if form.validate_on_submit():
        if round_ is None:
            round_ = ConsultationRound(plan=plan)
            db.session.add(round_)
        round_.title = form.title.data.strip()
        round_.introduction = (form.introduction.data or "").strip()
        round_.deadline_at = service.deadline_moment(form.deadline_on.data,
                                                     form.deadline_time.data)
        round_.is_open = form.is_open.data
        db.session.commit()
        flash(_("Planhøringen er lagret."), "success")
        return redirect(url_for(".consultation"))
    return render_form("consultation/settings.html", form=form, round=round_)


@bp.route("/planhoring/sporsmal/ny", methods=["GET", "POST"],  # i18n: not ui
          endpoint="consultation_question_add")
def add_question():
    round_ = service.current_round() or abort(404)
    require("edit", round_)
    form = QuestionForm()
    if request.method == "GET":
        form.position.data = len(round_.questions) + 1
    if form.validate_on_submit():
        round_.questions.append(ConsultationQuestion(text=form.text.data.strip(),
                                                     position=form.position.data))
        db.session.commit()
        flash(_("Spørsmålet er lagt til."), "success")
        return redirect(url_for(".consultation"))
    return render_form("consultation/question_form.html", form=form, question=None)


def _question_or_404(question_id: int) -> ConsultationQuestion:
    round_ = _round_or_404()
    question = next((q for q in round_.questions if q.id == question_id), None)
    return question or abort(404)


@bp.route("/planhoring/sporsmal/<int:question_id>/rediger", methods=["GET", "POST"],
          endpoint="consultation_question_edit")
def edit_question(question_id: int):
    question = _question_or_404(question_id)
    require("edit", question.round)
    form = QuestionForm(obj=question)
    if form.validate_on_submit():
        question.text, question.position = form.text.data.strip(), form.position.data
        db.session.commit()
        flash(_("Spørsmålet er lagret."), "success")
        return redirect(url_for(".consultation"))
    return render_form("consultation/question_form.html", form=form, question=question,
                       delete_form=ConfirmForm())


@bp.route("/planhoring/sporsmal/<int:question_id>/slett", methods=["POST"],  # i18n: not ui
          endpoint="consultation_question_delete")
def delete_question(question_id: int):
    question = _question_or_404(question_id)
    require("edit", question.round)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    if service.count_per_question(question.round).get(question.id):
        edit_form = QuestionForm(formdata=None, obj=question)
        edit_form.form_errors.append(_(
            "Spørsmålet er besvart og kan ikke slettes: svarene ville gått tapt. Endre "
            "teksten i stedet, eller la det stå."))
        return render_template("consultation/question_form.html", form=edit_form,
                               question=question, delete_form=form), 409
    db.session.delete(question)
    db.session.commit()
    flash(_("Spørsmålet er slettet."), "success")
    return redirect(url_for(".consultation"))


@bp.route("/planhoring/sporsmal/<int:question_id>", endpoint="consultation_question")
def question_answers(question_id: int):
    question = _question_or_404(question_id)
    require("view_all", question.round)
    page = db.paginate(service.answers_to(question), per_page=current_app.config["PER_PAGE"],
                       error_out=False)
    return render_template("consultation/question.html", round=question.round,
                           question=question, number=_number(question), page=page,
                           missing=service.missing_for(question))


def _number(question: ConsultationQuestion) -> int:
    return question.round.questions.index(question) + 1


def _document(question: ConsultationQuestion) -> consultation_docx.QuestionDocument:
    round_ = question.round
    rows = [consultation_docx.AnswerRow(
        organisation=a.organisation.name, text=a.text, saved_at=a.updated_at,
        author=_author_line(a)) for a in db.session.scalars(service.answers_to(question))]
    return consultation_docx.QuestionDocument(
        consultation=round_.title, number=_number(question), of=len(round_.questions),
        question=question.text, deadline_at=round_.deadline_at, exported_on=clock.today(),
        answers=rows, missing=service.missing_for(question))


def _author_line(answer) -> str:
    if answer.author is None:
        return _("en bruker som er slettet")
    if answer.is_on_behalf:
        return _("%(name)s (fylkeskommunen, på vegne av %(organisation)s)",
                 name=answer.author.name, organisation=answer.organisation.name)
    return answer.author.name


@bp.route("/planhoring/sporsmal/<int:question_id>.docx", endpoint="consultation_question_docx")
def question_docx(question_id: int):
    question = _question_or_404(question_id)
    require("view_all", question.round)
    doc = _document(question)
    return current_app.response_class(
        consultation_docx.render_question_docx(doc),
        mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": content_disposition(consultation_docx.file_name(doc))})


@bp.route("/planhoring/svar.zip", endpoint="consultation_zip")
def answers_zip():
    round_ = _round_or_404()
    require("view_all", round_)
    data = consultation_docx.zip_of([_document(q) for q in round_.questions])
    name = _("Planhøring - alle svar - %(date)s", date=clock.today().strftime("%d.%m.%Y")) + ".zip"
    return current_app.response_class(data, mimetype="application/zip",
                                      headers={"Content-Disposition": content_disposition(name)})
