import os

from celery import Celery
from sqlalchemy import create_engine

celery = Celery("tasks", broker=os.environ["REDIS_URL"])
engine = create_engine(os.environ["DATABASE_URL"])


@celery.task
def send_receipt(order_id: int) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("update orders set receipt_sent = true where id = %s", (order_id,))
