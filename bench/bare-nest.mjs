// A bare NestJS app on the express adapter (what every service is built on), no middleware, guard,
// interceptor or logger: the gateway bench's baseline for one HTTP pass (bench/README.md, "The floor"). It answers
// GET /.well-known/jwks.json with BARE_NEST_BODY, listens on BARE_NEST_PORT, says "ready" to its parent.
import 'reflect-metadata';
import { Controller, Get, Header, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

const body = JSON.parse(process.env.BARE_NEST_BODY ?? '{}');

// Decorators applied by hand: this file runs as plain JavaScript.
class Keys {
  keys() {
    return body;
  }
}
const keys = Object.getOwnPropertyDescriptor(Keys.prototype, 'keys');
Get('.well-known/jwks.json')(Keys.prototype, 'keys', keys);
Header('content-type', 'application/json')(Keys.prototype, 'keys', keys);
Controller()(Keys);
class Bare {}
Module({ controllers: [Keys] })(Bare);

const app = await NestFactory.create(Bare, { logger: false });
await app.listen(Number(process.env.BARE_NEST_PORT), '127.0.0.1');
process.send?.('ready');
