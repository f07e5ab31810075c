"""The /log grammar: turns a short typed message into a ParseResult."""
