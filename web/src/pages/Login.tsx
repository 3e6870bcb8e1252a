import { ApiError, api } from '../api';
import { navigate } from '../router';
import { loggedIn } from '../store';
import type { User } from '../types';
import { Field, FormStatus, useForm, useTitle, V } from '../ui';

export function LoginPage() {
  useTitle('Đăng nhập');
  const f = useForm({ login: '', password: '' });
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
          const r = await api<{ user: User; csrf_token: string }>('POST', '/session', {
            body: { login: v.login.trim(), password: v.password },
            noRedirect: true,
          });
          loggedIn(r.user, r.csrf_token);
          const next = new URLSearchParams(location.search).get('next');
          navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/', true);
        } catch (err) {
          if (err instanceof ApiError && err.status === 429 && err.problem.retry_after) {
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
        <FormStatus form={f} />
        <button type="submit" class="btn primary wide" disabled={f.busy}>
          {f.busy ? 'Đang đăng nhập…' : 'Đăng nhập'}
        </button>
      </form>
    </main>
  );
}
