-- The request every wrk mode sends: a small POST, as a function call would be. hello answers "Hello, bench!".
wrk.method = "POST"
wrk.body = "bench"
wrk.headers["Content-Type"] = "text/plain"
