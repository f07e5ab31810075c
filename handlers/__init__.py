"""The product: the /log grammar, commands, permissions and replies, platform-neutral."""
