import { composeModel } from '../engine/compose/model';
import type { FileRule, Range } from '../engine/types';

const DOCKER_SOCKET = /^\/{1,2}(var\/)?run\/docker\.sock$/;
const UNCONFINED = /^(seccomp|apparmor)[:=]unconfined$|^label[:=]disable$/i;
const BROAD_CAPS = /^(CAP_)?(ALL|SYS_ADMIN|SYS_MODULE|SYS_PTRACE|NET_ADMIN)$/i;

const rule: FileRule = {
  id: 'privileged-container',
  meta: {
    scope: 'file',
    kinds: ['compose'],
    category: 'security',
    severity: 'warning',
    description: 'A Compose service that can take over its host: privileged mode, host network or PID namespace, broad capabilities, the Docker socket, or no seccomp/AppArmor confinement.',
    fixable: false,
    perService: true,
  },
  check(ctx) {
    const file = ctx.file;
    if (file.format !== 'yaml') return;
    const seen = new Set<string>();
    const report = (range: Range, message: string): void => {
      const key = `${range.start}:${range.end}`;
      if (seen.has(key)) return;
      seen.add(key);
      ctx.report({ range, message });
    };
    for (const svc of composeModel(file).services) {
      const s = svc.name;
      if (svc.privileged?.text === 'true') {
        report(svc.privileged.range, `${s} runs privileged (privileged: true): a process that escapes the app gets root on the host with every device; remove it and grant only the capabilities the service needs with cap_add.`);
      }
      if (svc.networkMode?.text === 'host') {
        report(svc.networkMode.range, `${s} shares the host's network (network_mode: host): every port it opens is public and it can reach services bound to the host's localhost; use the Compose network and publish only the ports you need.`);
      }
      if (svc.pid?.text === 'host') {
        report(svc.pid.range, `${s} shares the host's process namespace (pid: host): it can see and signal every process on the host; remove pid: host.`);
      }
      for (const cap of svc.capAdd) {
        if (BROAD_CAPS.test(cap.text)) report(cap.range, `${s} adds the ${cap.text.toUpperCase()} capability, which is close to full root on the host; add only the narrow capabilities the service needs.`);
      }
      for (const opt of svc.securityOpt) {
        if (UNCONFINED.test(opt.text.replace(/\s+/g, ''))) report(opt.range, `${s} turns off kernel confinement (${opt.text}); remove it or use a profile that allows only the calls the service needs.`);
      }
      for (const v of svc.volumes) {
        if (v.source && DOCKER_SOCKET.test(v.source)) {
          report(v.range, `${s} mounts the Docker socket (${v.source}), which gives it root-equivalent control of the host even when mounted read-only; use a socket proxy that allows only the API calls it needs, or remove the mount.`);
        }
      }
    }
  },
};

export default rule;
