"""The load balancer's health check."""


def test_health_reports_database_and_live_queue(app, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "live": "single process"}
    app.config["SOCKETIO_MESSAGE_QUEUE"] = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    assert client.get("/healthz").json["live"] == "paused"
