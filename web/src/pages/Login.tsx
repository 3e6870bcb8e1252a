import { ApiError, api } from '../api';
import { navigate } from '../router';
import { loggedIn } from '../store';
import type { User } from '../types';
import { useState } from 'preact/hooks';
import { Field, FormStatus, useForm, useTitle, V } from '../ui';

const wait = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

export function LoginPage() {
  useTitle('Đăng nhập');
  const f = useForm({ login: '', password: '' });
  const [remember, setRemember] = useState(false);
  const onSubmit = (e: Event) => {
    e.preventDefault();
    f.submit(
      (v) => {
        const errs = {};
        V.required(errs, v, 'login', 'tên đăng nhập hoặc số điện thoại');
        V.required(errs, v, 'password', 'mật khẩu');
        return errs;
      },
      async (v) => {
        try {
          // Many log-ins at once: the server says "a second" (429/503 with
          // Retry-After: 1); try again a few times before showing it.
          const send = () => api<{ user: User; csrf_token: string }>('POST', '/session', {
            body: { login: v.login.trim(), password: v.password, remember },
            noRedirect: true,
          });
          let r;
          for (let attempt = 0; ; attempt++) {
            try {
              r = await send();
              break;
            } catch (e) {
              const busy = e instanceof ApiError && ['busy', 'too_many_requests'].includes(e.problem.code || '');
              if (!busy || attempt >= 3) throw e;
              await wait((e as ApiError).problem.retry_after || 1);
            }
          }
          loggedIn(r.user, r.csrf_token);
          const next = new URLSearchParams(location.search).get('next');
          navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
        } catch (err) {
          if (err instanceof ApiError && err.status === 429 && err.problem.code === 'login_locked' && err.problem.retry_after) {
            const min = Math.ceil(err.problem.retry_after / 60);
            err.problem.detail = (err.problem.detail || '') + ` (thử lại sau khoảng ${min} phút)`;
          }
          throw err;
        }
      },
    );
  };
  return (
    <main id="main" class="login">
      <p class="brand-login" aria-hidden="true">Langso</p>
      <h1>Đăng nhập</h1>
      <p class="muted">Quản lý Tổ công nghệ số cộng đồng</p>
      <form ref={f.ref} onSubmit={onSubmit} noValidate class="card">
        <Field {...f.bind('login')} label="Tên đăng nhập hoặc số điện thoại" required autoComplete="username" />
        <Field {...f.bind('password')} label="Mật khẩu" type="password" required autoComplete="current-password" />
        <label class="check">
          <input type="checkbox" id="remember" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} />
          <span>Ghi nhớ đăng nhập trên điện thoại này<span class="muted small"> — chỉ trên máy của riêng bạn (30 ngày với thành viên tổ, 7 ngày với cán bộ)</span></span>
        </label>
        <FormStatus form={f} />
        <button type="submit" class="btn primary wide" disabled={f.busy}>
          {f.busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
        </button>
      </form>
    </main>
  );
}
