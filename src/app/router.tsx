import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { HomeRedirect, RequireRole, WallGate } from './access-guard';

// Screens load on demand: the wall's first load does not carry the console's code.
const WallScreen = lazy(() => import('../screens/wall/wall-screen').then((m) => ({ default: m.WallScreen })));
const LoginScreen = lazy(() =>
  import('../screens/login/login-screen').then((m) => ({ default: m.LoginScreen })),
);
const AdminScreen = lazy(() =>
  import('../screens/admin/admin-screen').then((m) => ({ default: m.AdminScreen })),
);
const AuditScreen = lazy(() =>
  import('../screens/audit/audit-screen').then((m) => ({ default: m.AuditScreen })),
);

const lazyScreen = (node: ReactNode) => <Suspense fallback={null}>{node}</Suspense>;

const router = createBrowserRouter([
  { path: '/', element: <HomeRedirect /> },
  { path: '/login', element: lazyScreen(<LoginScreen />) },
  { path: '/wall', element: <WallGate>{lazyScreen(<WallScreen />)}</WallGate> },
  { path: '/admin', element: <RequireRole roles={['admin']}>{lazyScreen(<AdminScreen />)}</RequireRole> },
  { path: '/audit', element: <RequireRole roles={['auditor']}>{lazyScreen(<AuditScreen />)}</RequireRole> },
  { path: '*', element: <Navigate to="/" replace /> },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
