"""How well do the recognisers work on *your* photos? Leave-one-out over ``people/``.

Accuracy on the photos a model was trained on says nothing. Leave-one-out uses every
photo once as a test: train on all the other photos, ask who this one is, compare with
the folder name. That is the *closed-set accuracy* (everyone asked about is enrolled).

A real system also meets strangers and must answer "unknown". To see how far a stranger
lies from the enrolled people, leave one *person* out: train on everyone else and measure
the distances of that person's photos (they are strangers to this model). The "unknown"
threshold is then chosen from the data: the distance that best separates the genuine
distances (photos named correctly in leave-one-out) from the stranger distances, i.e. the
one with the highest average of "known faces accepted" and "strangers rejected".

With few photos per person the numbers are rough, and with photos of one session (same
light, same day) they are optimistic: test with photos taken on other days.
"""

from __future__ import annotations

import numpy as np

from .recognize import make_recognizer

MIN_PHOTOS = 5  # fewer photos per person: recognition is unreliable, say so


def few_photos(names) -> dict[str, int]:
    """People with fewer than MIN_PHOTOS photos -> how many they have."""
    counts: dict[str, int] = {}
    for name in names:
        counts[name] = counts.get(name, 0) + 1
    return {name: n for name, n in sorted(counts.items()) if n < MIN_PHOTOS}


def choose_threshold(genuine, impostor) -> float:
    """The distance threshold with the best balance of genuine faces accepted
    (distance <= threshold) and strangers rejected (distance > threshold); halfway
    between two neighbouring observed distances."""
    genuine, impostor = np.asarray(genuine, float), np.asarray(impostor, float)
    if genuine.size == 0 and impostor.size == 0:
        raise ValueError("no distances to choose a threshold from")
    values = np.unique(np.concatenate([genuine, impostor]))
    cuts = np.concatenate([[values[0] - 1e-9], (values[:-1] + values[1:]) / 2, [values[-1]]])

    def balance(t):
        accepted = np.mean(genuine <= t) if genuine.size else 1.0
        rejected = np.mean(impostor > t) if impostor.size else 1.0
        return (accepted + rejected) / 2

    scores = [balance(t) for t in cuts]
    return float(cuts[int(np.argmax(scores))])


def leave_one_out(kind: str, faces, names) -> dict:
    """Closed-set accuracy, the chosen threshold and the open-set rates for one model.

    Photos of a person with a single photo cannot be left out (nothing would be left to
    learn from), so they only serve as training photos and as strangers.
    """
    faces, names = list(faces), list(names)
    people = sorted(set(names))
    answers, genuine = [], []
    for i, name in enumerate(names):
        if names.count(name) < 2:
            continue
        rest = [j for j in range(len(names)) if j != i]
        model = make_recognizer(kind).fit([faces[j] for j in rest], [names[j] for j in rest])
        label, distance = model._raw(faces[i])
        answers.append((model.names_[label] == name, distance))
        if model.names_[label] == name:
            genuine.append(distance)
    impostor = []
    if len(people) >= 3:          # the model left after removing one person needs two people
        for person in people:
            rest = [j for j, n in enumerate(names) if n != person]
            model = make_recognizer(kind).fit([faces[j] for j in rest],
                                              [names[j] for j in rest])
            impostor += [model._raw(faces[j])[1] for j, n in enumerate(names) if n == person]
    if not answers:
        raise ValueError("need at least two photos of one person for leave-one-out")
    threshold = choose_threshold(genuine, impostor) if impostor else None
    correct = sum(ok for ok, _ in answers)
    row = {
        "model": kind,
        "people": len(people),
        "photos": len(names),
        "tested": len(answers),
        "accuracy": round(correct / len(answers), 3),
        "threshold": None if threshold is None else round(threshold, 3),
        "known_accepted": None,
        "strangers_rejected": None,
    }
    if threshold is not None:
        row["known_accepted"] = round(
            sum(ok and d <= threshold for ok, d in answers) / len(answers), 3)
        row["strangers_rejected"] = round(float(np.mean(np.asarray(impostor) > threshold)), 3)
    return row
