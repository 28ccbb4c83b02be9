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
const ConsoleScreen = lazy(() =>
  import('../screens/console/console-screen').then((m) => ({ default: m.ConsoleScreen })),
);
const CommandScreen = lazy(() =>
  import('../screens/console/command/command-screen').then((m) => ({ default: m.CommandScreen })),
);
const PublishScreen = lazy(() =>
  import('../screens/console/warnings/publish-screen').then((m) => ({ default: m.PublishScreen })),
);
const VideoScreen = lazy(() =>
  import('../screens/video/video-screen').then((m) => ({ default: m.VideoScreen })),
);
const ConsoleVideoScreen = lazy(() =>
  import('../screens/video/console-video-screen').then((m) => ({ default: m.ConsoleVideoScreen })),
);
const TourScreen = lazy(() => import('../screens/tour/tour-screen').then((m) => ({ default: m.TourScreen })));
const TourEditorScreen = lazy(() =>
  import('../screens/tour/editor/tour-editor-screen').then((m) => ({ default: m.TourEditorScreen })),
);
/** The duty console is for the people who act on events (events:act): officers and leaders. */
const DUTY = ['leader', 'officer'] as const;

const lazyScreen = (node: ReactNode) => <Suspense fallback={null}>{node}</Suspense>;

const router = createBrowserRouter([
  { path: '/', element: <HomeRedirect /> },
  { path: '/login', element: lazyScreen(<LoginScreen />) },
  { path: '/wall', element: <WallGate>{lazyScreen(<WallScreen />)}</WallGate> },
  { path: '/admin', element: <RequireRole roles={['admin']}>{lazyScreen(<AdminScreen />)}</RequireRole> },
  { path: '/audit', element: <RequireRole roles={['auditor']}>{lazyScreen(<AuditScreen />)}</RequireRole> },
  { path: '/console', element: <RequireRole roles={DUTY}>{lazyScreen(<ConsoleScreen />)}</RequireRole> },
  {
    path: '/console/command/:id',
    element: <RequireRole roles={DUTY}>{lazyScreen(<CommandScreen />)}</RequireRole>,
  },
  {
    path: '/console/warnings',
    element: <RequireRole roles={DUTY}>{lazyScreen(<PublishScreen />)}</RequireRole>,
  },
  // Everyone who may view video (video:view); a wall display signs in with its token as on /wall.
  { path: '/video', element: <WallGate>{lazyScreen(<VideoScreen />)}</WallGate> },
  {
    path: '/console/video',
    element: <RequireRole roles={DUTY}>{lazyScreen(<ConsoleVideoScreen />)}</RequireRole>,
  },
  // The leader tour: anyone who may see the wall (tours:read); a wall PC runs it by itself with its token.
  { path: '/tour', element: <WallGate>{lazyScreen(<TourScreen />)}</WallGate> },
  // Its editor (tours:edit): leaders and admins.
  {
    path: '/console/tours',
    element: <RequireRole roles={['admin', 'leader']}>{lazyScreen(<TourEditorScreen />)}</RequireRole>,
  },
  { path: '*', element: <Navigate to="/" replace /> },
]);

export function AppRouter() {
  return <RouterProvider router={router} />;
}
