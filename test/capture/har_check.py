#!/usr/bin/env python3
"""An independent HAR 1.2 reader (Python's json, no telltale code): checks the fields the spec requires
(http://www.softwareishard.com/blog/har-12-spec/) and prints, per entry, what a consumer would read: method, URL,
status and the SHA-256 and length of each body. Exit 1 with one line per violation."""
import base64, datetime, hashlib, json, sys

problems = []

def need(obj, key, types, where):
    if not isinstance(obj, dict) or key not in obj:
        problems.append(f"{where}: missing {key}")
        return None
    # No field checked here may be a boolean (Python counts True as an int).
    if not isinstance(obj[key], types) or isinstance(obj[key], bool):
        problems.append(f"{where}.{key}: wrong type {type(obj[key]).__name__}")
        return None
    return obj[key]

def name_values(lst, where):
    for i, nv in enumerate(lst or []):
        need(nv, "name", str, f"{where}[{i}]")
        need(nv, "value", str, f"{where}[{i}]")

def body_bytes(text, encoding):
    if text is None:
        return b""
    return base64.b64decode(text) if encoding == "base64" else text.encode("utf-8")

def digest(b):
    return {"length": len(b), "sha256": hashlib.sha256(b).hexdigest()}

har = json.load(open(sys.argv[1], encoding="utf-8"))
log = need(har, "log", dict, "$")
need(log, "version", str, "log")
creator = need(log, "creator", dict, "log")
need(creator, "name", str, "log.creator"); need(creator, "version", str, "log.creator")
entries = need(log, "entries", list, "log") or []
out = []
for i, e in enumerate(entries):
    w = f"log.entries[{i}]"
    started = need(e, "startedDateTime", str, w)
    try:
        datetime.datetime.fromisoformat(started.replace("Z", "+00:00"))
    except Exception:
        problems.append(f"{w}.startedDateTime: not ISO 8601")
    need(e, "time", (int, float), w)
    need(e, "cache", dict, w)
    timings = need(e, "timings", dict, w)
    for t in ("send", "wait", "receive"):
        need(timings, t, (int, float), f"{w}.timings")
    req = need(e, "request", dict, w) or {}
    for k, t in (("method", str), ("url", str), ("httpVersion", str), ("cookies", list), ("headers", list),
                 ("queryString", list), ("headersSize", int), ("bodySize", int)):
        need(req, k, t, f"{w}.request")
    name_values(req.get("headers"), f"{w}.request.headers")
    name_values(req.get("queryString"), f"{w}.request.queryString")
    post = req.get("postData")
    req_body = b""
    if post is not None:
        need(post, "mimeType", str, f"{w}.request.postData")
        req_body = body_bytes(post.get("text"), post.get("encoding"))
    res = need(e, "response", dict, w) or {}
    for k, t in (("status", int), ("statusText", str), ("httpVersion", str), ("cookies", list), ("headers", list),
                 ("content", dict), ("redirectURL", str), ("headersSize", int), ("bodySize", int)):
        need(res, k, t, f"{w}.response")
    name_values(res.get("headers"), f"{w}.response.headers")
    content = res.get("content") or {}
    need(content, "size", int, f"{w}.response.content"); need(content, "mimeType", str, f"{w}.response.content")
    res_body = body_bytes(content.get("text"), content.get("encoding"))
    if content.get("encoding") is None and "text" in content and content.get("size") != len(res_body):
        problems.append(f"{w}.response.content.size {content.get('size')} != text bytes {len(res_body)}")
    out.append({"started": started, "method": req.get("method"), "url": req.get("url"), "status": res.get("status"),
                "httpVersion": req.get("httpVersion"), "error": e.get("_error"),
                "request": digest(req_body), "response": digest(res_body),
                "headers": {h["name"]: h["value"] for h in res.get("headers", []) if isinstance(h, dict)}})
if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
json.dump({"entries": out}, sys.stdout)
