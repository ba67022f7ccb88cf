import { SignInPage } from '@backstage/core-components';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';

// Guest sign-in only: the demo portal has no identity provider, and the
// backend's guest provider is what issues the tokens the plugins check.
const guestSignInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props =>
      <SignInPage {...props} providers={['guest']} />,
  },
});

export const appModule = createFrontendModule({
  pluginId: 'app',
  extensions: [guestSignInPage],
});
