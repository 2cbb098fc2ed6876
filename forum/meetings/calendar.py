"""An iCalendar (RFC 5545) file for one meeting, so people can add it to
their own calendars. Times are written in UTC; calendars show them in each
reader's zone."""

from datetime import datetime

from models import Meeting, utcnow


def _text(value: str) -> str:
    return (
        value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\n").replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines of at most 75 octets, continued with a leading space."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def _stamp(value: datetime) -> str:
    return value.strftime("%Y%m%dT%H%M%SZ")


def meeting_ics(meeting: Meeting, url: str, host: str) -> str:
    description = meeting.description_source
    if meeting.agenda:
        agenda = "\n".join(f"{n}. {item}" for n, item in enumerate(meeting.agenda, start=1))
        description = f"{description}\n\n{agenda}".strip()
    # Closed before it started: the meeting was called off.
    cancelled = meeting.closed_at is not None and meeting.closed_at <= meeting.starts_at
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//SELA//Encuentro//ES",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:meeting-{meeting.id}@{host}",
        f"DTSTAMP:{_stamp(utcnow())}",
        f"DTSTART:{_stamp(meeting.starts_at)}",
        f"DTEND:{_stamp(meeting.ends_at if cancelled else meeting.ended_at)}",
        f"SUMMARY:{_text(meeting.title)}",
        f"DESCRIPTION:{_text(description)}",
        f"URL:{url}",
        # A parameter value is quoted, and may not contain quotes (RFC 5545, 3.2).
        f'ORGANIZER;CN="{meeting.chair.name.replace(chr(34), "")}":mailto:{meeting.chair.email}',
        "STATUS:CANCELLED" if cancelled else "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
