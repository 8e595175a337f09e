"""The interviewer's fixed lines, in English and Russian. Variants are picked with the session's seeded RNG.

The reply follows the language of the candidate's latest message (`language_of`), so every kind
of line exists in both voices; a test holds the two voices to the same fields and placeholders.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from trainer.content.models import Phase
from trainer.content.phase_names import PHASE_NAMES

Language = str  # "en" or "ru"


@dataclass(frozen=True)
class Voice:
    phase_names: dict[Phase, str]
    transitions: list[str]
    transitions_empty: list[str]  # moving past a phase where nothing was said
    topic_follow: str  # the candidate asked to talk about a phase: followed
    correction: str  # an assumption that contradicts the facts sheet
    your_call: list[str]  # a design question put to the interviewer: the candidate decides
    not_known: list[str]  # a question about the world the facts sheet does not answer
    confirm: list[str]  # "…, right?" about a reading of the problem: yes
    approval: list[str]  # "do you agree?" about the candidate's own choice: probed, not graded
    topic_after: str  # ... in `strict`, after the current phase is covered
    topic_open: str  # ... to a phase whose questions were all asked: the floor is theirs
    time_up: list[str]
    acks: list[str]
    steer_ahead: list[str]
    steer_solution_first: list[str]
    short: list[str]
    empty: list[str]
    start_prompt: str
    unknown_command: str
    command_with_text: str
    off_topic: list[str]
    dont_know: list[str]
    dont_know_move_on: str
    solve_for_me: list[str]
    assume: str
    phase_done_all: str
    wrap_up_missing: str
    wrap_up_again: list[str]  # an addition after the wrap-up: noted, not the closing again (nor the same note twice)
    last_phase_next: str  # /next after the wrap-up
    skipping: str
    hint: str
    hint_direction: str  # an item's own hint: a direction to think in
    press_vague: list[str]  # "some kind of neural network": which one, concretely?
    hint_done: str
    final_score: str
    interim_score: str
    still_open: str
    none_open: str
    time_summary: str
    help: str


EN = Voice(
    phase_names=PHASE_NAMES["en"],
    transitions=[
        "Good. Let's move on to {phase}.",
        "Thanks, that covers {previous}. Now {phase}.",
        "Let's turn to {phase}.",
    ],
    transitions_empty=["Let's move on to {phase} — we can come back to {previous} later."],
    topic_follow="Sure, let's talk about {phase}.",
    topic_open="Sure, let's talk about {phase} — go ahead, what would you add?",
    correction="One correction: {fact}",
    your_call=[
        "That's your call — what would you choose, and why?",
        "Your design, your call: which would you pick, and what would make you change your mind?",
    ],
    not_known=[
        "Good question — I don't know that. State what you'd assume and carry on.",
        "That isn't something I can tell you. Assume what seems reasonable, say it, and go on.",
    ],
    confirm=["Yes, you can go with that.", "That's a fair reading — go with it."],
    approval=["I won't grade it yet — let me push on it instead.", "Rather than settle that now, let me test it."],
    topic_after="We'll get to {phase} as soon as {current} is covered.",
    time_up=[
        "We're out of time for {previous}, so let's move on to {phase}.",
        "Time check: {previous} has used its budget. Let's go to {phase}.",
    ],
    acks=["Okay.", "Got it.", "Makes sense.", "Thanks.", "Right."],
    steer_ahead=[
        "We'll get to {ahead} later. Before that, let's finish {missing}. {question}",
        "Hold on, you're jumping ahead to {ahead}. Let's finish {missing} first. {question}",
    ],
    steer_solution_first=[
        "Before we get to the solution, let's make sure we understand the problem. {question}",
        "You're going straight to a solution — one more thing about the problem first. {question}",
    ],
    short=[
        "Could you expand on that a bit? {question}",
        "Say a little more — what exactly would you do? {question}",
    ],
    empty=["I didn't catch an answer. {question}"],
    start_prompt="Where would you start?",
    unknown_command="Unknown command {command} — /help lists the commands. Nothing was sent as an answer.",
    command_with_text=(
        "{command} takes no text after it: type {command} on its own line, or send your answer without it. "
        "Nothing was sent."
    ),
    off_topic=[
        "Let's stay on the design problem. {question}",
        "I'm not sure how that relates to the system we're designing. {question}",
    ],
    dont_know=[
        "That's fine — let's look at it from another angle. {question}",
        "No problem, let's move past that. {question}",
    ],
    dont_know_move_on="That's fine.",
    solve_for_me=[
        "I'd rather hear how you would approach it — there's no single right answer. {question}",
        "This is your design; I'm here to probe it. Start with what you'd do first. {question}",
    ],
    assume="I don't have a number for that — assume a reasonable value and state it, and we'll go with it.",
    phase_done_all="That's all my questions. Anything you'd add before we wrap up? Type /end to see your score.",
    wrap_up_again=[
        "Noted — that counts too. Anything else? Otherwise /end shows your score.",
        "Good, that's in the record as well. Anything more, or shall we stop here? /end shows your score.",
    ],
    last_phase_next="That was the last phase. Add anything you like, or type /end to see your score.",
    wrap_up_missing=(
        "That's the last phase. We did not get to {missing}. Anything you'd add before we wrap up? "
        "Type /end to see your score."
    ),
    skipping="Skipping that one.",
    hint="Hint: an interviewer would want to hear about {topic}.",
    hint_direction="Hint: {hint}",
    press_vague=["Which one, concretely? Name it, and say why it fits this problem.", "Can you be more specific — what exactly, and why that here?"],
    hint_done="You've covered this phase well — /next moves on.",
    final_score="Final score: {total}/100 — {level}.",
    interim_score="Interim score after {done} of 9 phases: {total}/100 — {level}. {open}",
    still_open="Still open: {phases}.",
    none_open="Every phase has been discussed.",
    time_summary="Elapsed {elapsed} of {total}. This phase ({phase}): {spent} of {budget}.",
    help="""Commands:
  /hint   a nudge toward something not yet covered in this phase
  /next   move on to the next phase
  /skip   skip the current question
  /phase  where we are and what is covered
  /time   time used, overall and in this phase
  /score  interim score
  /end    finish and show the final score
  /help   this list""",
)

RU = Voice(
    phase_names=PHASE_NAMES["ru"],
    transitions=[
        "Хорошо. Дальше — {phase}.",
        "Спасибо, по теме «{previous}» достаточно. Дальше — {phase}.",
        "Давайте двигаться дальше: {phase}.",
    ],
    transitions_empty=["Давайте пока двигаться дальше: {phase}. К теме «{previous}» можно будет вернуться."],
    topic_follow="Хорошо, переходим: {phase}.",
    topic_open="Хорошо, переходим: {phase}. Рассказывайте — что бы вы добавили?",
    correction="Поправлю: {fact}",
    your_call=[
        "Это решение за вами — что бы вы выбрали и почему?",
        "Здесь решаете вы: какой вариант выберете и что заставило бы вас передумать?",
    ],
    not_known=[
        "Хороший вопрос, но этого я не знаю. Скажите, что вы предполагаете, и продолжайте.",
        "Этого я подсказать не могу. Примите разумное допущение, назовите его и продолжайте.",
    ],
    confirm=["Да, можно исходить из этого.", "Да, так и есть — исходите из этого."],
    approval=["Оценивать пока не буду — лучше проверю это вопросом.", "Не буду сейчас ставить оценку — давайте проверим."],
    topic_after="К теме «{phase}» перейдём, как только закончим тему «{current}».",
    time_up=[
        "Время на тему «{previous}» вышло. Дальше — {phase}.",
        "Тема «{previous}» израсходовала своё время. Дальше — {phase}.",
    ],
    acks=["Хорошо.", "Понял.", "Логично.", "Спасибо.", "Так."],
    steer_ahead=[
        "К теме «{ahead}» перейдём позже, сначала закончим тему «{missing}». {question}",
        "Подождите, до темы «{ahead}» мы ещё дойдём, а тему «{missing}» пока не закончили. {question}",
    ],
    steer_solution_first=[
        "Прежде чем переходить к решению, давайте убедимся, что понимаем задачу. {question}",
        "Вы сразу идёте к решению — сначала ещё немного о самой задаче. {question}",
    ],
    short=[
        "Можете раскрыть подробнее? {question}",
        "Скажите чуть больше — что именно вы бы сделали? {question}",
    ],
    empty=["Я не услышал ответа. {question}"],
    start_prompt="С чего бы вы начали?",
    unknown_command="Неизвестная команда {command} — список команд: /help. Ответом ничего не отправлено.",
    command_with_text=(
        "После {command} не нужен текст: отправьте {command} отдельной строкой или ответ без неё. "
        "Ничего не отправлено."
    ),
    off_topic=[
        "Давайте вернёмся к задаче дизайна. {question}",
        "Не уверен, как это связано с системой, которую мы проектируем. {question}",
    ],
    dont_know=[
        "Ничего страшного — посмотрим с другой стороны. {question}",
        "Без проблем, пойдём дальше. {question}",
    ],
    dont_know_move_on="Ничего страшного.",
    solve_for_me=[
        "Мне важнее услышать, как подошли бы вы, — единственно верного ответа нет. {question}",
        "Это ваш дизайн, я здесь, чтобы задавать вопросы. Начните с того, что сделали бы первым. {question}",
    ],
    assume="Такой цифры у меня нет — предположите разумное значение, назовите его, и будем от него отталкиваться.",
    phase_done_all="Это все мои вопросы. Хотите что-то добавить перед завершением? Команда /end покажет оценку.",
    wrap_up_again=[
        "Записал — это тоже учитывается. Что-то ещё? Если нет, команда /end покажет оценку.",
        "Хорошо, это тоже в записи. Добавите ещё что-нибудь или заканчиваем? Команда /end покажет оценку.",
    ],
    last_phase_next="Это была последняя тема. Можно что-то добавить или ввести /end, чтобы увидеть оценку.",
    wrap_up_missing=(
        "Это была последняя тема. Не обсудили: {missing}. Хотите что-то добавить перед завершением? "
        "Команда /end покажет оценку."
    ),
    skipping="Пропустим этот вопрос.",
    hint="Подсказка: интервьюер ждёт, что вы затронете тему «{topic}».",
    hint_direction="Подсказка: {hint}",
    press_vague=[
        "А конкретнее? Назовите, что именно, и почему это подходит для этой задачи.",
        "Давайте точнее: что конкретно вы возьмёте и почему именно это?",
    ],
    hint_done="Эту тему вы покрыли хорошо — /next переходит к следующей.",
    final_score="Итоговая оценка: {total}/100 — {level}.",
    interim_score="Промежуточная оценка после {done} из 9 этапов: {total}/100 — {level}. {open}",
    still_open="Ещё не обсуждали: {phases}.",
    none_open="Все этапы обсудили.",
    time_summary="Прошло {elapsed} из {total}. Текущая тема ({phase}): {spent} из {budget}.",
    help="""Команды:
  /hint   подсказка о том, что ещё не покрыто в этой теме
  /next   перейти к следующей теме
  /skip   пропустить текущий вопрос
  /phase  где мы сейчас и что покрыто
  /time   сколько времени прошло, всего и в этой теме
  /score  промежуточная оценка
  /end    завершить и показать итоговую оценку
  /help   этот список""",
)

VOICES = {"en": EN, "ru": RU}


_WORD = re.compile(r"[^\W\d_]+")
RUSSIAN_SHARE = 0.3  # of the words: Russian glue around English terms is a Russian message


def language_of(text: str) -> Language:
    """"ru" when at least RUSSIAN_SHARE of the words are Cyrillic, else "en".

    Counted in words, not letters: a Russian sentence that names its techniques in English
    ("используем two-stage подход: candidate generation через two-tower модель") is Russian,
    while an English one with a Russian aside ("a two-tower model, как обычно") is English.
    """
    words = _WORD.findall(text)
    if not words:
        return "en"
    cyrillic = sum(1 for w in words if any("а" <= ch.lower() <= "я" or ch in "ёЁ" for ch in w))
    return "ru" if cyrillic >= RUSSIAN_SHARE * len(words) else "en"


# Every acknowledgement a voice opens with ("Got it.", "Makes sense." included), and "Good".
_LEADING_ACK = re.compile(
    r"^(?:Good|"
    + "|".join(re.escape(ack.rstrip(".")) for voice_ in (EN, RU) for ack in voice_.acks)
    + r")(?:[.,!]| —)\s+"
)


def without_leading_ack(line: str) -> str:
    """The line without an acknowledgement at its start, when one has been said before it."""
    rest = _LEADING_ACK.sub("", line, count=1)
    return rest[:1].upper() + rest[1:] if rest else line


def voice(language: Language) -> Voice:
    return VOICES.get(language, EN)


def pick(rng: random.Random, options: list[str], **values: str) -> str:
    return rng.choice(options).format(**values)
