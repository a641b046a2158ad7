"""Starts localstripe on 127.0.0.1 only (its own CLI binds every interface), from an
empty store, and prints the port it got. Usage: python run_localstripe.py [port]"""
import socket
import sys

from aiohttp import web
from localstripe.server import app

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0))
print(sock.getsockname()[1], flush=True)
web.run_app(app, sock=sock, print=None, access_log=None)
