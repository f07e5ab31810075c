"""Schema, migrations, sessions, import/export and the queries over stored records."""
