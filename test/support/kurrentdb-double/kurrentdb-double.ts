import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb';
import { StreamsService } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb';
import { StreamsServiceService as StreamsServiceV2 } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v2/streams/streams_grpc_pb';
import { EventLog } from './event-log';
import { LogJournal } from './log-journal';
import { readHandler } from './read-handler';
import { batchAppendHandler } from './batch-append-handler';
import { appendSessionHandler } from './append-session-handler';

/**
 * Semvers the bridge accepts (with an empty or non-semver version every bridge read fails): a 25.1 server has the
 * v2 multi-stream append, a 25.0 one does not.
 */
const SERVER_VERSION = { withMultiStreamAppend: '25.1.0', without: '25.0.0' };

/** Where the double listens and keeps its log. */
export interface KurrentDbDoubleOptions {
  /** TCP port on 127.0.0.1; 0 (default): any free port, kept across restarts. */
  port?: number;
  /** Directory of the durable log (events.jsonl, fsync'd on every append); none: the log lives in memory only. */
  dataDir?: string;
  /**
   * Whether it serves the v2 multi-stream append (`StreamsService.AppendSession`, KurrentDB 25.1+); default true.
   * False: an older server, whose answer to that call is UNIMPLEMENTED.
   */
  multiStreamAppend?: boolean;
}

/**
 * A KurrentDB for tests: plaintext gRPC on 127.0.0.1, the calls the real client makes for
 * append (BatchAppend), multi-stream append (v2 AppendSession), read (stream and $all, through the client's Rust bridge) and $all subscriptions.
 * The log survives `restart()`, which drops every connection and listens again on the same port; with a data
 * directory it also survives the process (server.js runs it as a process for multi-process tests).
 */
export class KurrentDbDouble {
  readonly log: EventLog;
  private port: number;
  private grpc?: Server;
  private tcp?: NetServer;
  private readonly sockets = new Set<Socket>();
  private readonly subscriptions = new Set<() => void>();
  private readonly multiStreamAppend: boolean;

  constructor(options: KurrentDbDoubleOptions = {}) {
    this.port = options.port ?? 0;
    this.multiStreamAppend = options.multiStreamAppend ?? true;
    this.log = new EventLog(options.dataDir === undefined ? undefined : LogJournal.open(options.dataDir));
  }

  /** For the real client; a short discovery interval, or the bridge waits ~500 ms before its first read. */
  get connectionString(): string {
    return `kurrentdb://127.0.0.1:${this.port}?tls=false&discoveryInterval=10`;
  }

  async start(): Promise<string> {
    const grpc = new Server();
    const version = this.multiStreamAppend ? SERVER_VERSION.withMultiStreamAppend : SERVER_VERSION.without;
    grpc.addService(ServerFeaturesService, {
      getSupportedMethods: supportedMethods(version, this.multiStreamAppend),
    } as UntypedServiceImplementation);
    grpc.addService(StreamsService, {
      read: readHandler(this.log, (detach) => this.subscriptions.add(detach)),
      batchAppend: batchAppendHandler(this.log),
    } as UntypedServiceImplementation);
    // Not registered (nor listed): grpc-js would answer UNIMPLEMENTED, as a server older than 25.1.
    if (this.multiStreamAppend) {
      grpc.addService(StreamsServiceV2, {
        appendSession: appendSessionHandler(this.log),
      } as UntypedServiceImplementation);
    }
    // Our own listener, so sockets get TCP_NODELAY (else bridge reads wait ~45 ms: Nagle + delayed ACK) and a
    // restart can cut every connection.
    const injector = grpc.createConnectionInjector(ServerCredentials.createInsecure());
    const tcp = createServer({ noDelay: true }, (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      injector.injectConnection(socket);
    });
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = tcp.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.grpc = grpc;
    this.tcp = tcp;
    return this.connectionString;
  }

  /** Stops listening and cuts every connection: in-flight calls fail as on a server crash. */
  async stop(): Promise<void> {
    for (const detach of this.subscriptions) detach();
    this.subscriptions.clear();
    this.grpc?.forceShutdown();
    for (const socket of this.sockets) socket.destroy();
    const tcp = this.tcp;
    this.grpc = undefined;
    this.tcp = undefined;
    if (tcp) await new Promise<void>((resolve) => tcp.close(() => resolve()));
  }

  /** Stops the server and closes the journal: the double is done. */
  async close(): Promise<void> {
    await this.stop();
    this.log.close();
  }

  /** A server restart on the same port, state kept: the dropped-connection test. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

/**
 * `ServerFeatures.GetSupportedMethods`: BatchAppend listed, so the client batches appends as with a real server; with
 * the multi-stream append, its method too (the server lists every gRPC method it maps; the client's
 * `multiStreamAppend` refuses with UnsupportedError, before any call, when AppendSession is not listed).
 */
function supportedMethods(version: string, multiStreamAppend: boolean) {
  return (_call: unknown, callback: (error: null, methods: SupportedMethods) => void): void => {
    const methods = ['Read', 'BatchAppend'].map((name) =>
      new SupportedMethod().setServiceName('event_store.client.streams.Streams').setMethodName(name),
    );
    if (multiStreamAppend) {
      methods.push(
        new SupportedMethod()
          .setServiceName('kurrentdb.protocol.v2.streams.StreamsService')
          .setMethodName('AppendSession'),
      );
    }
    callback(null, new SupportedMethods().setEventStoreServerVersion(version).setMethodsList(methods));
  };
}
