"""Read-only queries over stored records, one module per domain.

Every count is an aggregate in the database; Python only lays the groups out.
Withdrawn (undone) records never count. Instants are aware datetimes (the
caller turns school days into instants in the school's time zone); calendar
days are dates.

* `common`: the live-record filter, pupil-or-school scope, the display name;
* `local_time`: school-local hour, weekday and week of a stored instant, in SQL;
* `activity`: what was logged, per member of staff, and their recent notes;
* `plan`: the provisions a pupil's (or a school's) plan sets;
* `pace`: each provision's sessions this week against its pro-rata target;
* `sessions`: sessions delivered and missed, by provision, week and reason;
* `behaviour`: incidents, most serious first, and their counts by week, hour, weekday;
* `reviews`: EHCP annual reviews (one row type, `ReviewRow`) and the evidence for them;
* `contacts`: parent contacts and the follow-ups promised in them;
* `safeguarding`: alerts as counts and who they went to, never the words;
* `people`: schools and staff the jobs address;
* `export`: every record of a kind, for the CSV exports.
"""
