"""Put first on the demo's sys.path by `pystart verify`: refuses every connection that does not
stay on this machine, so a demo that needs the network fails there instead of on a learner's
train ride."""

import ipaddress
import socket

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def _local(host):
    if host in ("localhost", "", None):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(host):
    raise OSError(f"pystart verify runs the demo offline; it tried to reach {host!r}")


def _checked(real):
    def method(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _local(address[0]):
            _refuse(address[0])
        return real(self, address)
    return method


def _getaddrinfo_local(host, *args, **kwargs):
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not _local(host):
        _refuse(host)
    return _getaddrinfo(host, *args, **kwargs)


socket.socket.connect = _checked(_connect)
socket.socket.connect_ex = _checked(_connect_ex)
socket.getaddrinfo = _getaddrinfo_local
