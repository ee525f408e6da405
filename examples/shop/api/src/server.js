const express = require('express');

const app = express();
const port = process.env.PORT || 3000;
const jwtSecret = process.env.JWT_SECRET;
const adminPassword = process.env.ADMIN_PASSWORD;
const stripeKey = process.env.STRIPE_SECRET_KEY;

app.get('/health', (_req, res) => res.json({ ok: true }));
app.get('/', (_req, res) => res.json({ service: 'shop-api', auth: Boolean(jwtSecret && adminPassword), billing: Boolean(stripeKey) }));

app.listen(port, () => console.log(`shop-api listening on ${port}`));
