"""The address a request really came from, trusting only our own proxies (no Django imports).

Each trusted proxy appends the address it received the request from to X-Forwarded-For, so
with N proxies in front the client's address is the Nth entry from the right. Entries further
left were written by the client and anyone can forge them; with no proxies (N = 0) the header
is ignored and the socket's address (REMOTE_ADDR) is the answer.
"""

import ipaddress


def _clean(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:443"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(remote_addr: str | None, forwarded_for: str | None, proxy_count: int) -> str:
    """The client's IP address, or "" when there is none to be had."""
    if proxy_count > 0 and forwarded_for:
        entries = [entry for entry in forwarded_for.split(",") if entry.strip()]
        if len(entries) >= proxy_count:
            ip = _clean(entries[-proxy_count])
            if ip:
                return ip
        # Fewer entries than proxies: the request did not come through all of them, so the
        # header cannot be trusted; the socket's address is the only honest answer.
    return _clean(remote_addr or "") or ""
