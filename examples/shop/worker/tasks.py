import os

from celery import Celery

app = Celery("tasks", broker=os.environ["REDIS_URL"])
DATABASE_URL = os.getenv("DATABASE_URL")


@app.task
def send_receipt(order_id: int) -> str:
    return f"receipt for {order_id}"
